// Records what the agents did, from the outside: a wrapper around the runtime's model provider (the
// hook createRuntime already offers) sees every model request and response, so it knows which agent
// ran, which tools and handoffs the model chose, and — from the next request's input — each tool's
// result. Works the same for the local model and an OpenAI model.
import type { Model, ModelProvider, ModelRequest, ModelResponse } from '@openai/agents';

export type ModelStep = {
  agentKey: string; // the agent's model key: triage | setup | payments | disputes | admin
  request: ModelRequest;
  response?: ModelResponse;
  error?: string;
  ms: number;
};

export type RecordedCall = { callId: string; name: string; args: Record<string, unknown>; rawArgs: string; agentKey: string; step: number };

export const AGENT_BY_KEY: Record<string, string> = { triage: 'Triage', setup: 'Setup', payments: 'Payments', disputes: 'Disputes', admin: 'Admin' };

export class ModelRecorder {
  readonly steps: ModelStep[] = [];

  wrap = (p: ModelProvider): ModelProvider => ({
    getModel: async (name?: string) => {
      const m = await p.getModel(name);
      const key = name ?? 'triage';
      const wrapped: Model = {
        getResponse: async (req) => {
          const step: ModelStep = { agentKey: key, request: req, ms: 0 };
          this.steps.push(step);
          const t0 = performance.now();
          try {
            step.response = await m.getResponse(req);
            return step.response;
          } catch (err) {
            step.error = String((err as Error)?.message ?? err);
            throw err;
          } finally {
            step.ms = performance.now() - t0;
          }
        },
        getStreamedResponse: (req) => {
          this.steps.push({ agentKey: key, request: req, ms: 0 });
          return m.getStreamedResponse(req);
        },
      };
      return wrapped;
    },
  });
}

/** Function calls the model emitted in these steps (handoffs included; they are named transfer_to_*). */
export function callsIn(steps: ModelStep[], offset = 0): RecordedCall[] {
  const out: RecordedCall[] = [];
  steps.forEach((s, i) => {
    for (const item of s.response?.output ?? []) {
      if (item.type !== 'function_call') continue;
      const fc = item as { callId: string; name: string; arguments: string };
      let args: Record<string, unknown> = {};
      try {
        const v = JSON.parse(fc.arguments || '{}');
        if (v && typeof v === 'object') args = v as Record<string, unknown>;
      } catch {
        // unparseable arguments stay empty; the raw text is kept
      }
      out.push({ callId: fc.callId, name: fc.name, args, rawArgs: fc.arguments, agentKey: s.agentKey, step: offset + i });
    }
  });
  return out;
}

/** Tool results visible in these steps' inputs, by call id. */
export function resultsIn(steps: ModelStep[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of steps) {
    if (typeof s.request.input === 'string') continue;
    for (const it of s.request.input) {
      if (it.type !== 'function_call_result') continue;
      const r = it as { callId: string; output: unknown };
      const o = r.output as { type?: string; text?: string } | string;
      out.set(r.callId, typeof o === 'string' ? o : typeof o?.text === 'string' ? o.text : JSON.stringify(o));
    }
  }
  return out;
}

/** The final assistant text of a step, if it wrote one. */
export function messageOf(step: ModelStep): string | undefined {
  for (const item of step.response?.output ?? []) {
    if (item.type === 'message') {
      const c = (item as { content: Array<{ type: string; text?: string }> }).content;
      return c.map((x) => x.text ?? '').join('');
    }
  }
  return undefined;
}
