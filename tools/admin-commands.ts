// The platform admin's typed commands ("show open disputes", "dispute dsp_… : refund Amina 5000",
// "freeze group Family Circle", "cancel group Family Circle", "search +254712…", "approve refund rfd_…", "reply tkt_… : text") parsed
// into a tool and its arguments. Pure: the local model uses it to pick the tool; the tool still checks
// the caller's role, asks for confirmation and (where policies say) the PIN.
export type AdminCommand = { tool: string; args: Record<string, unknown> };

const ID = '([a-z]{3}_[0-9A-Za-z]{6,40})';
/** "the disputes queue" in the three languages (the admin's queue, not a member's own complaint). */
const QUEUE = /\b(disputes? queue|queue of disputes|file (d'attente )?des litiges|foleni ya (malalamiko|migogoro))\b/i;

export function parseAdminCommand(input: string): AdminCommand | null {
  const text = input.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  // Not a bare "dispute": that is a member opening one.
  if (/^(?:(?:show|list|see) (?:the )?(?:open )?disputes?|open disputes)(?: queue| list)?\.?$/i.test(text) || (text.length <= 60 && QUEUE.test(text))) {
    return { tool: 'admin_list_disputes', args: {} };
  }
  m = new RegExp(`^dispute ${ID}\\s*[:,-]?\\s*(refund|release|chargeback|charge back)\\b\\s*(.*)$`, 'i').exec(text);
  if (m) {
    const outcome = m[2].toLowerCase().replace(' ', '') as 'refund' | 'release' | 'chargeback';
    const rest = m[3].trim();
    const amount = /(\d[\d,.\s]*)\s*([A-Za-z]{3})?\s*$/.exec(rest);
    const name = (amount ? rest.slice(0, amount.index) : rest).replace(/\b(to|for|à|kwa)\b/gi, '').trim();
    return {
      tool: 'admin_resolve_dispute',
      args: { dispute_id: m[1], outcome, ...(name ? { member_name: name.slice(0, 80) } : {}), ...(amount ? { amount: amount[1].trim() } : {}) },
    };
  }
  m =
    /^(?:freeze|g[eè]le|g[eè]ler|zuia|funga) (?:the |le |la )?(?:group|groupe|kikundi|chama) (.{1,80}?)(?: (?:now|right now|maintenant|tout de suite|sasa|sasa hivi))?[.!]?$/i.exec(
      text,
    );
  if (m) return { tool: 'admin_freeze_group', args: { group: m[1].trim() } };
  // "cancel group Duka Circle" / "annuler le groupe …" / "futa kikundi …" / "ghairi kikundi …". A member saying
  // it means their own group: the local policy sends non-admins to the organizer's cancel_group instead.
  m =
    /^(?:cancel|annuler|annule|futa|ghairi) (?:the |le |la )?(?:group|groupe|kikundi|chama) (?!(?:now|please|maintenant|svp|sasa|tafadhali)[.!]?$)(.{1,80}?)[.!]?$/i.exec(
      text,
    );
  if (m) return { tool: 'admin_cancel_group', args: { group: m[1].trim() } };
  m = /^(?:unfreeze|d[ée]geler|ondoa zuio) (?:group|groupe|kikundi) (.{1,80})$/i.exec(text);
  if (m) return { tool: 'admin_unfreeze_group', args: { group: m[1].trim() } };
  m = /^(?:search|find|lookup|look up|chercher|tafuta) (.{2,80})$/i.exec(text);
  if (m) return { tool: 'admin_search', args: { query: m[1].trim() } };
  m = new RegExp(`^approve refund ${ID}$`, 'i').exec(text);
  if (m) return { tool: 'approve_refund', args: { refund_id: m[1] } };
  m = new RegExp(`^reply ${ID}\\s*[:,-]?\\s*(.{1,1000})$`, 'is').exec(text);
  if (m) return { tool: 'admin_reply_ticket', args: { ticket_id: m[1], text: m[2].trim() } };
  if (/^(refund requests|refunds|risk flags|flags|tickets|support tickets|admin help|config)$/i.test(text)) return { tool: 'admin_menu', args: { text } };
  return null;
}
