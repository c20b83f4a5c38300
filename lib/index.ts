export * from "./authentik-cloudflare-access";
export * from "./protected-application";
export * from "./cloudflare-dashboard-sso";
export * as authentik from "../.gen/providers/authentik";
