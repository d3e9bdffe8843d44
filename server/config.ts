// Every environment variable the product reads, validated once at start. `.env.example` documents them.
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: optional,
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PII_ENCRYPTION_KEY: optional,
  PLATFORM_ADMINS: optional,
  BOT_PHONE: optional,
  GREEN_API_URL: optional,
  GREEN_API_MEDIA_URL: optional,
  GREEN_API_ID_INSTANCE: optional,
  GREEN_API_TOKEN: optional,
  GREEN_API_WEBHOOK_TOKEN: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  OPENAI_MODEL: optional,
  OPENAI_API: z.enum(['responses', 'chat_completions']).default('responses'),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_API_BASE: optional,
  LANGFUSE_PUBLIC_KEY: optional,
  LANGFUSE_SECRET_KEY: optional,
  LANGFUSE_BASE_URL: optional,
  TURN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
});

export type Config = z.infer<typeof Env> & {
  whatsappMode: 'greenapi' | 'sandbox';
  modelMode: 'openai' | 'local';
  platformAdmins: string[];
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const greenApiSet = Boolean(c.GREEN_API_ID_INSTANCE && c.GREEN_API_TOKEN);
  if (greenApiSet && !c.GREEN_API_WEBHOOK_TOKEN && c.NODE_ENV === 'production') {
    throw new Error('GREEN_API_WEBHOOK_TOKEN is required when Green API is configured in production');
  }
  return {
    ...c,
    whatsappMode: greenApiSet ? 'greenapi' : 'sandbox',
    modelMode: c.OPENAI_API_KEY ? 'openai' : 'local',
    platformAdmins: (c.PLATFORM_ADMINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
