import { generateKeyPairSync, sign } from "crypto";
import { verifyAccessJwt } from "../examples/origin/verify-access-jwt";

/** The README's origin example, against tokens signed here the way Cloudflare Access signs them. */
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const KEYS = { keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }] };
const TEAM = "company.cloudflareaccess.com";
const AUD = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";
const NOW = 1_800_000_000;

function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: "RS256", kid: "k1", typ: "JWT" }): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${encode(header)}.${encode(claims)}`;
  return `${signed}.${sign("RSA-SHA256", Buffer.from(signed), privateKey).toString("base64url")}`;
}

const VALID = { iss: `https://${TEAM}`, aud: [AUD], email: "alice@company.com", sub: "u1", exp: NOW + 60, iat: NOW - 1, nbf: NOW - 1 };
const verifyToken = (jwt: string | undefined) =>
  verifyAccessJwt(jwt, { teamDomain: TEAM, audience: AUD, now: NOW, fetchKeys: async () => KEYS as any });

describe("verifying Cf-Access-Jwt-Assertion on the origin (examples/origin)", () => {
  test("a token Access issued for this application is accepted, with its claims", async () => {
    expect(await verifyToken(token(VALID))).toMatchObject({ email: "alice@company.com" });
  });

  test.each([
    ["no header at all", undefined, /no Access token/],
    ["another application's AUD", token({ ...VALID, aud: ["other"] }), /another Access application/],
    ["another team's issuer", token({ ...VALID, iss: "https://evil.cloudflareaccess.com" }), /issued by "https:\/\/evil/],
    ["an expired token", token({ ...VALID, exp: NOW - 1 }), /expired/],
    ["an HS256 token", token(VALID, { alg: "HS256", kid: "k1" }), /unexpected signing algorithm "HS256"/],
    ["an unknown key id", token(VALID, { alg: "RS256", kid: "k2" }), /no key "k2"/],
    [
      "a tampered payload",
      token(VALID).replace(
        /\.[^.]+\./,
        `.${Buffer.from(JSON.stringify({ ...VALID, email: "mallory@company.com" })).toString("base64url")}.`,
      ),
      /signature does not verify/,
    ],
  ])("%s is refused", async (_what, jwt, message) => {
    await expect(verifyToken(jwt)).rejects.toThrow(message);
  });
});
