// Wires issue 6 into the runtime: dispute, refund and admin services over the database, their tools for
// the Disputes and Admin agents, the turn's media hook (evidence files), the Stripe dispute handler the
// payments webhook calls, and the sweeps (automatic refunds, risk flags).
import type { Tool } from '@openai/agents';
import type { Clock } from '../../core/clock.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { createIdFactory } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import { makeAdminTools } from '../../tools/admin.ts';
import type { RoscaContext } from '../../tools/context.ts';
import { makeDisputeTools } from '../../tools/disputes.ts';
import { makeRefundTools } from '../../tools/refunds.ts';
import type { FlowServices } from '../../tools/services.ts';
import type { Logger } from '../log.ts';
import type { MediaHandler } from '../turns/turn.ts';
import { configLines, createAdminServices } from './admin.ts';
import { createDisputeServices } from './disputes.ts';
import { createProviderDisputeHandler } from './disputes-stripe.ts';
import { applyStatus } from './payments-reconcile.ts';
import type { PaymentsModule } from './payments-wiring.ts';
import { createRefundServices } from './refunds.ts';
import { sweepRisk } from './risk.ts';

export type DisputesModule = {
  tools: { disputes: Tool<RoscaContext>[]; admin: Tool<RoscaContext>[] };
  media: MediaHandler;
  onProviderEvent: ReturnType<typeof createProviderDisputeHandler>;
  sweeps: Array<{ name: string; run(now: Date): Promise<void> }>;
  services: {
    disputes: ReturnType<typeof createDisputeServices>;
    refunds: ReturnType<typeof createRefundServices>;
    admin: ReturnType<typeof createAdminServices>;
  };
};

export function createDisputesModule(x: {
  db: Db;
  pii: PiiCipher;
  clock: Clock;
  log: Logger;
  deliver: (ids: string[]) => void;
  dataDir: string;
  platformAdmins: string[];
  flows: FlowServices;
  payments?: PaymentsModule;
}): DisputesModule {
  const log = x.log.child({ component: 'disputes' });
  const ledger = { clock: x.clock, ids: createIdFactory() };
  const providers = x.payments?.providers;
  const admin = createAdminServices({ db: x.db, pii: x.pii, clock: x.clock, ledger, log, deliver: x.deliver, platformAdmins: x.platformAdmins, providers });
  const refunds = createRefundServices({
    db: x.db,
    pii: x.pii,
    clock: x.clock,
    ledger,
    log,
    deliver: x.deliver,
    providers,
    isVerifiedAdmin: admin.isVerifiedAdmin,
  });
  const pm = x.payments;
  const disputes = createDisputeServices({
    db: x.db,
    pii: x.pii,
    clock: x.clock,
    ledger,
    log,
    deliver: x.deliver,
    dataDir: x.dataDir,
    providers,
    applyProviderStatus: pm ? (ev) => applyStatus(pm.deps, pm.handler, ev) : undefined,
  });
  const toolServices = { flows: x.flows, disputes, refunds, admin };
  return {
    tools: {
      disputes: [...makeDisputeTools(toolServices), ...makeRefundTools(toolServices)],
      admin: makeAdminTools(toolServices, { configLines }),
    },
    media: (m) => disputes.evidenceFromMedia(m),
    onProviderEvent: createProviderDisputeHandler({ pii: x.pii, clock: x.clock, ledger, log }),
    sweeps: [
      { name: 'refunds-automatic', run: async (now) => void (await refunds.autoRefunds(now)) },
      { name: 'risk-flags', run: async (now) => void (await sweepRisk({ db: x.db, clock: x.clock, ledger, log }, now)) },
    ],
    services: { disputes, refunds, admin },
  };
}
