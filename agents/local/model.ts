// The offline local model: implements the Agents SDK `Model` interface over deterministic NLU and
// the decision rules in policy.ts. It emits real tool calls and handoffs with validated arguments,
// so the same agents, tools and runner work under it and under an OpenAI model.
import {
  type AgentInputItem,
  type Model,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
  withGenerationSpan,
  type protocol,
} from '@openai/agents';
import type { AgentName } from '../graph.ts';
import { parseStateBlock } from '../state.ts';
import { decide, type PolicyInput } from './policy.ts';

const AGENT_BY_KEY: Record<string, AgentName> = { triage: 'Triage', setup: 'Setup', payments: 'Payments', disputes: 'Disputes', admin: 'Admin' };

function userText(item: AgentInputItem): string | undefined {
  if (!('role' in item) || item.role !== 'user') return undefined;
  const c = (item as { content: unknown }).content;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join(' ');
  return '';
}

function outputText(item: AgentInputItem): string {
  const o = (item as { output?: unknown }).output;
  if (typeof o === 'string') return o;
  if (o && typeof o === 'object' && 'text' in o) return String((o as { text: unknown }).text);
  if (Array.isArray(o)) return o.map((x) => (x && typeof x === 'object' && 'text' in x ? String(x.text) : '')).join('');
  return JSON.stringify(o ?? '');
}

export function toPolicyInput(agent: AgentName, req: ModelRequest): PolicyInput {
  const items: AgentInputItem[] = typeof req.input === 'string' ? [{ role: 'user', content: req.input } as AgentInputItem] : req.input;
  let lastUser = -1;
  for (let i = items.length - 1; i >= 0; i--) {
    if (userText(items[i]) !== undefined) {
      lastUser = i;
      break;
    }
  }
  const since = items.slice(lastUser + 1);
  const toolResults: PolicyInput['toolResults'] = [];
  let handoffsSinceUser = 0;
  for (const it of since) {
    if (it.type !== 'function_call_result') continue;
    const name = (it as { name: string }).name;
    if (name.startsWith('transfer_to_')) handoffsSinceUser++;
    else toolResults.push({ name, output: outputText(it) });
  }
  const handoffs = new Set<AgentName>();
  for (const h of req.handoffs) {
    const target = Object.values(AGENT_BY_KEY).find((a) => h.toolName === `transfer_to_${a}`);
    if (target) handoffs.add(target);
  }
  const state = parseStateBlock(req.systemInstructions) ?? {
    locale: 'en',
    roles: ['member'],
    onboarded: true,
    onboardingStep: 'done',
    flow: null,
    country: 'KE',
    now: new Date(0).toISOString(),
  };
  return {
    agent,
    state,
    userText: lastUser >= 0 ? (userText(items[lastUser]) ?? '') : '',
    toolResults,
    handoffsSinceUser,
    tools: new Set(req.tools.map((t) => t.name)),
    handoffs,
  };
}

export class LocalModel implements Model {
  readonly #agent: AgentName;
  constructor(agent: AgentName) {
    this.#agent = agent;
  }

  async getResponse(req: ModelRequest): Promise<ModelResponse> {
    return withGenerationSpan(
      async (span) => {
        const d = decide(toPolicyInput(this.#agent, req));
        const n = Array.isArray(req.input) ? req.input.length : 0;
        const output: protocol.OutputModelItem[] =
          d.kind === 'reply'
            ? [{ type: 'message', role: 'assistant', status: 'completed', id: `msg_${n}`, content: [{ type: 'output_text', text: d.text }] }]
            : [
                {
                  type: 'function_call',
                  callId: `call_${this.#agent.toLowerCase()}_${n}`,
                  id: `fc_${n}`,
                  status: 'completed',
                  name: d.kind === 'tool' ? d.name : `transfer_to_${d.to}`,
                  arguments: JSON.stringify(d.kind === 'tool' ? d.args : {}),
                },
              ];
        span.spanData.model = `local:${this.#agent}`;
        span.spanData.output = output as unknown as Record<string, unknown>[];
        return { output, usage: new Usage({ requests: 1 }), responseId: `local_${n}` };
      },
      { data: { model: `local:${this.#agent}` } },
    );
  }

  async *getStreamedResponse(req: ModelRequest): AsyncIterable<StreamEvent> {
    const r = await this.getResponse(req);
    yield { type: 'response_started' };
    for (const it of r.output) {
      if (it.type === 'message')
        for (const c of it.content as Array<{ type: string; text?: string }>)
          if (c.type === 'output_text') yield { type: 'output_text_delta', delta: c.text ?? '' };
    }
    yield {
      type: 'response_done',
      response: {
        id: r.responseId ?? 'local',
        usage: { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        output: r.output as protocol.OutputModelItem[],
      },
    };
  }
}

export class LocalModelProvider implements ModelProvider {
  readonly #models = new Map<string, LocalModel>();
  getModel(key?: string): Model {
    const agent = AGENT_BY_KEY[key || 'triage'] ?? 'Triage';
    let m = this.#models.get(agent);
    if (!m) {
      m = new LocalModel(agent);
      this.#models.set(agent, m);
    }
    return m;
  }
}
