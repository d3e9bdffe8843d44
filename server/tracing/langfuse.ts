// Langfuse tracing of agent runs: a TracingProcessor that maps Agents SDK traces and spans (agent,
// generation, function, handoff, guardrail…) to Langfuse observations through @langfuse/tracing and an
// OpenTelemetry provider with Langfuse's span processor. Registered by server/runtime.ts only when
// LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are set. Everything exported is masked twice (here, and
// by the span processor's `mask`): PINs and full phone numbers never leave the process.

import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider, startObservation } from '@langfuse/tracing';
import type { Span, Trace, TracingProcessor } from '@openai/agents';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { maskPhonesInText } from '../../core/identity/phone.ts';

type Obs = ReturnType<typeof startObservation>;

const AS_TYPE: Record<string, string> = {
  task: 'chain',
  turn: 'chain',
  agent: 'agent',
  generation: 'generation',
  response: 'generation',
  function: 'tool',
  mcp_tools: 'tool',
  handoff: 'event',
  guardrail: 'guardrail',
  custom: 'span',
};

/** Words that make a short digit run a PIN rather than an amount or a menu choice. */
const APPROVAL_CONTEXT = /\b(pin|code|approv\w*|confirm\w*|thibitisha|idhini\w*|nywila|siri|mot de passe|secret|passcode|password)\b|\[pin\]|pin_|🔐/i;
const SHORT_DIGITS = /(?<![\d.,])\d{4,6}(?![\d.,])/g;

/**
 * Masks full phone numbers (any run of 9+ digits, with or without + and spaces) and, in approval
 * contexts, 4–6 digit runs; a text that is nothing but 4–6 digits (a bare PIN message) is masked too.
 */
export function maskSensitiveText(text: string): string {
  let out = maskPhonesInText(text);
  if (/^\s*\d{4,6}\s*$/.test(out)) return '[pin]';
  if (APPROVAL_CONTEXT.test(out)) out = out.replace(SHORT_DIGITS, '••••');
  return out;
}

/** Masks strings anywhere inside a JSON-like value. */
export function maskSensitive<T>(value: T): T {
  if (typeof value === 'string') return maskSensitiveText(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskSensitive(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = /pin|secret|token|password/i.test(k) ? '[redacted]' : maskSensitive(v);
    return out as T;
  }
  return value;
}

export class LangfuseAgentsProcessor implements TracingProcessor {
  readonly #traces = new Map<string, Obs>();
  readonly #spans = new Map<string, Obs>();
  readonly #flush: () => Promise<void>;
  readonly #shutdown: () => Promise<void>;

  constructor(hooks: { forceFlush(): Promise<void>; shutdown(): Promise<void> }) {
    this.#flush = () => hooks.forceFlush();
    this.#shutdown = () => hooks.shutdown();
  }

  // The SDK calls these without awaiting: they must be synchronous in effect and never throw.
  async onTraceStart(trace: Trace): Promise<void> {
    try {
      const root = startObservation(trace.name, { metadata: maskSensitive(trace.metadata ?? {}) }, { asType: 'agent' });
      if (trace.groupId) root.otelSpan.setAttribute('session.id', maskSensitiveText(trace.groupId));
      this.#traces.set(trace.traceId, root);
    } catch {
      // tracing never breaks a run
    }
  }

  async onSpanStart(span: Span<any>): Promise<void> {
    try {
      const parent = (span.parentId && this.#spans.get(span.parentId)) || this.#traces.get(span.traceId);
      if (!parent) return;
      const d = span.spanData as Record<string, unknown> & { type: string };
      const name = d.type === 'handoff' ? `handoff ${String(d.from_agent ?? '?')}→${String(d.to_agent ?? '?')}` : String(d.name ?? d.model ?? d.type);
      const obs = parent.startObservation(name, {}, { asType: (AS_TYPE[d.type] ?? 'span') as 'span' } as never);
      this.#spans.set(span.spanId, obs as Obs);
    } catch {
      // never break a run
    }
  }

  async onSpanEnd(span: Span<any>): Promise<void> {
    try {
      const obs = this.#spans.get(span.spanId);
      if (!obs) return;
      const d = span.spanData as Record<string, unknown> & { type: string; usage?: { input_tokens?: number; output_tokens?: number } };
      const metadata: Record<string, unknown> = {};
      if (d.type === 'handoff') Object.assign(metadata, { from: d.from_agent, to: d.to_agent });
      if (d.type === 'guardrail') metadata.triggered = d.triggered;
      if (d.type === 'agent') Object.assign(metadata, { tools: d.tools, handoffs: d.handoffs });
      obs.update({
        input: maskSensitive(d.input),
        output: maskSensitive(d.output),
        model: typeof d.model === 'string' ? d.model : undefined,
        metadata: maskSensitive(metadata),
        usageDetails: d.usage ? { input: d.usage.input_tokens ?? 0, output: d.usage.output_tokens ?? 0 } : undefined,
        level: span.error ? 'ERROR' : 'DEFAULT',
        statusMessage: span.error?.message ? maskSensitiveText(span.error.message) : undefined,
      } as never);
      obs.end(span.endedAt ? new Date(span.endedAt) : undefined);
      this.#spans.delete(span.spanId);
    } catch {
      // never break a run
    }
  }

  async onTraceEnd(trace: Trace): Promise<void> {
    try {
      this.#traces.get(trace.traceId)?.end();
      this.#traces.delete(trace.traceId);
    } catch {
      // never break a run
    }
  }

  async forceFlush(): Promise<void> {
    await this.#flush().catch(() => {});
  }

  async shutdown(): Promise<void> {
    await this.#shutdown().catch(() => {});
  }
}

export type LangfuseTracingOptions = {
  publicKey: string;
  secretKey: string;
  baseUrl?: string;
  environment?: string;
  /** Tests pass an in-memory exporter; production uses Langfuse's OTLP exporter. */
  exporter?: SpanExporter;
};

export function createLangfuseTracing(o: LangfuseTracingOptions): { processor: LangfuseAgentsProcessor; provider: NodeTracerProvider } {
  const spanProcessor = new LangfuseSpanProcessor({
    publicKey: o.publicKey,
    secretKey: o.secretKey,
    baseUrl: o.baseUrl,
    environment: o.environment,
    exporter: o.exporter,
    exportMode: o.exporter ? 'immediate' : 'batched',
    mask: ({ data }) => maskSerialized(data),
  });
  const provider = new NodeTracerProvider({ spanProcessors: [spanProcessor] });
  setLangfuseTracerProvider(provider);
  const processor = new LangfuseAgentsProcessor({ forceFlush: () => provider.forceFlush(), shutdown: () => provider.shutdown() });
  return { processor, provider };
}

/** Langfuse hands `mask` the serialized attribute (usually a JSON string). */
function maskSerialized(data: unknown): unknown {
  if (typeof data !== 'string') return maskSensitive(data);
  try {
    return JSON.stringify(maskSensitive(JSON.parse(data)));
  } catch {
    return maskSensitiveText(data);
  }
}
