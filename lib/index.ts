export * from "./authentik-cloudflare-access";
export * as authentik from "../.gen/providers/authentik";
