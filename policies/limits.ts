// Named limits (TIGER_STYLE: every loop, queue and retry has a bound with a name).
export const message_chars_max = 2000; // longer inbound texts get a polite "please shorten" reply
export const session_items_max = 40; // history an OpenAI model sees
export const session_items_local_max = 0; // the local model decides from the current turn only (history is still stored)
export const approval_ttl_minutes = 10; // a pending PIN approval expires after this
export const agent_turns_max = 8; // model calls per member message
export const outbox_attempts_max = 8;
