import { z } from "zod";

const flag = z.enum(["0", "1"]);

/** Stated in the README; the sign-in page shows it only while it has not been changed. */
export const DEFAULT_DEMO_PASSWORD = "clydevale-demo-2026";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  APP_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .transform((value) => new URL(value).origin)
    .optional(),
  DEMO_DATA: flag.optional(),
  DEMO_PASSWORD: z.string().min(12, "must be at least 12 characters").default(DEFAULT_DEMO_PASSWORD),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must look like sk_test_… or sk_live_…").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "must look like whsec_…").optional(),
  STRIPE_CONNECT_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "must look like whsec_…").optional(),
});

export type Env = z.infer<typeof EnvSchema> & { APP_ORIGIN: string };

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** Reads and checks the configuration. Throws a message that names each invalid variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return { ...env, APP_ORIGIN: env.APP_ORIGIN ?? `http://localhost:${env.PORT}` };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= readEnv();
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
