-- The batched capture path's write (db/ledger/batch.ts) as one function, so a batch is two round trips:
-- `begin; lock + reads`, then `select ledger_capture_write(…); commit`. A plpgsql function keeps its
-- statement plans cached per session (the call itself is trivial to plan), and it raises when a head or a
-- row it must update was not where the batch read it, so the COMMIT after it in the same round trip never
-- runs: the batch is rolled back and its captures take the ordinary path.
-- Heads, account deltas and cycle updates come as arrays (safe ids and numbers only), so each is joined by
-- primary key whatever the table size; rows with free text or jsonb come as jsonb. NULL means "none".
CREATE OR REPLACE FUNCTION ledger_capture_write(
  head_ids text[], head_prev_seqs bigint[], head_seqs bigint[], head_hashes text[],
  events jsonb, transfers jsonb,
  account_ids text[], debits_pending_delta bigint[], debits_posted_delta bigint[], credits_pending_delta bigint[], credits_posted_delta bigint[],
  new_accounts jsonb,
  cycle_ids text[], cycle_statuses text[], cycle_captured bigint[], cycle_late_fees bigint[], cycle_released bigint[], cycle_refunded bigint[],
  cycle_charged_back bigint[], cycle_fees bigint[],
  new_cycles jsonb, new_contributions jsonb, changed_contributions jsonb
) RETURNS void LANGUAGE plpgsql
-- Every join here is a handful of input rows probing a primary key. The plans are cached per session, and a
-- plan made while a table was small (a hash join over a seq scan) would otherwise scan the whole table on
-- every later call until the next ANALYZE; nested loops over the index are right at any size.
SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
DECLARE
  n bigint;
BEGIN
  -- The chain only advances from the seq read under the lock; a head that moved means the batch is stale.
  UPDATE ledger_chain_heads AS h SET seq = r.seq, head_hash = r.hash
  FROM unnest(head_ids, head_prev_seqs, head_seqs, head_hashes) AS r(group_id, prev_seq, seq, hash)
  WHERE h.group_id = r.group_id AND h.seq = r.prev_seq;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n <> cardinality(head_ids) THEN
    RAISE EXCEPTION 'chain head moved under the lock: % of % head(s) advanced', n, cardinality(head_ids) USING ERRCODE = 'serialization_failure';
  END IF;

  INSERT INTO ledger_events (group_id, seq, event_id, event_type, occurred_at, actor, subject, cycle_id, data, prev_hash, hash, idempotency_key, request_hash)
  SELECT r.group_id, r.seq, r.event_id, r.event_type, r.occurred_at, r.actor, r.subject, r.cycle_id, r.data, r.prev_hash, r.hash, r.idempotency_key, r.request_hash
  FROM jsonb_to_recordset(events) AS r(group_id text, seq bigint, event_id text, event_type text, occurred_at timestamptz, actor jsonb,
    subject jsonb, cycle_id text, data jsonb, prev_hash text, hash text, idempotency_key text, request_hash text);

  INSERT INTO ledger_transfers (id, group_id, cycle_id, event_id, debit_account_id, credit_account_id, amount_minor, currency, code, flags, pending_id)
  SELECT r.id, r.group_id, r.cycle_id, r.event_id, r.debit_account_id, r.credit_account_id, r.amount_minor, r.currency, r.code, r.flags, r.pending_id
  FROM jsonb_to_recordset(transfers) AS r(id text, group_id text, cycle_id text, event_id text, debit_account_id text, credit_account_id text,
    amount_minor bigint, currency text, code text, flags int, pending_id text);

  -- Deltas are added here, so the CHECK bounds see the true balance.
  IF cardinality(account_ids) > 0 THEN
    UPDATE ledger_accounts AS a SET
      debits_pending = a.debits_pending + r.dp, debits_posted = a.debits_posted + r.dpo,
      credits_pending = a.credits_pending + r.cp, credits_posted = a.credits_posted + r.cpo
    FROM unnest(account_ids, debits_pending_delta, debits_posted_delta, credits_pending_delta, credits_posted_delta) AS r(id, dp, dpo, cp, cpo)
    WHERE a.id = r.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> cardinality(account_ids) THEN
      RAISE EXCEPTION 'ledger account missing: % of % updated', n, cardinality(account_ids) USING ERRCODE = 'serialization_failure';
    END IF;
  END IF;

  IF new_accounts IS NOT NULL THEN
    INSERT INTO ledger_accounts (id, group_id, cycle_id, member_id, currency, code, flags, debits_pending, debits_posted, credits_pending, credits_posted)
    SELECT r.id, r.group_id, r.cycle_id, r.member_id, r.currency, r.code, r.flags, r.debits_pending, r.debits_posted, r.credits_pending, r.credits_posted
    FROM jsonb_to_recordset(new_accounts) AS r(id text, group_id text, cycle_id text, member_id text, currency text, code text, flags int,
      debits_pending bigint, debits_posted bigint, credits_pending bigint, credits_posted bigint);
  END IF;

  -- Projection rows: the batch read each existing row under the head lock and computed its new value.
  IF cardinality(cycle_ids) > 0 THEN
    UPDATE escrow_cycles AS t SET status = r.status, captured_minor = r.captured, late_fees_minor = r.late_fees, released_minor = r.released,
      refunded_minor = r.refunded, charged_back_minor = r.charged_back, fees_minor = r.fees
    FROM unnest(cycle_ids, cycle_statuses, cycle_captured, cycle_late_fees, cycle_released, cycle_refunded, cycle_charged_back, cycle_fees)
      AS r(cycle_id, status, captured, late_fees, released, refunded, charged_back, fees)
    WHERE t.cycle_id = r.cycle_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> cardinality(cycle_ids) THEN
      RAISE EXCEPTION 'escrow cycle missing: % of % updated', n, cardinality(cycle_ids) USING ERRCODE = 'serialization_failure';
    END IF;
  END IF;

  IF new_cycles IS NOT NULL THEN
    INSERT INTO escrow_cycles (cycle_id, group_id, currency, status, captured_minor, late_fees_minor, released_minor, refunded_minor, charged_back_minor, fees_minor)
    SELECT r.cycle_id, r.group_id, r.currency, r.status, r.captured_minor, r.late_fees_minor, r.released_minor, r.refunded_minor, r.charged_back_minor, r.fees_minor
    FROM jsonb_to_recordset(new_cycles) AS r(cycle_id text, group_id text, currency text, status text, captured_minor bigint,
      late_fees_minor bigint, released_minor bigint, refunded_minor bigint, charged_back_minor bigint, fees_minor bigint);
  END IF;

  IF new_contributions IS NOT NULL THEN
    INSERT INTO contributions (id, group_id, cycle_id, member_id, currency, amount_minor, late_fee_minor, refunded_minor, status, provider, provider_ref, captured_at, transfer_id)
    SELECT r.id, r.group_id, r.cycle_id, r.member_id, r.currency, r.amount_minor, r.late_fee_minor, r.refunded_minor, r.status, r.provider, r.provider_ref, r.captured_at, r.transfer_id
    FROM jsonb_to_recordset(new_contributions) AS r(id text, group_id text, cycle_id text, member_id text, currency text, amount_minor bigint,
      late_fee_minor bigint, refunded_minor bigint, status text, provider text, provider_ref text, captured_at timestamptz, transfer_id text);
  END IF;

  -- A capture after a recorded failure rewrites that contribution's row (rare: no need for an array join).
  IF changed_contributions IS NOT NULL THEN
    UPDATE contributions AS t SET member_id = r.member_id, currency = r.currency, amount_minor = r.amount_minor, late_fee_minor = r.late_fee_minor,
      refunded_minor = r.refunded_minor, status = r.status, provider = r.provider, provider_ref = r.provider_ref, captured_at = r.captured_at,
      transfer_id = r.transfer_id
    FROM jsonb_to_recordset(changed_contributions) AS r(id text, member_id text, currency text, amount_minor bigint, late_fee_minor bigint,
      refunded_minor bigint, status text, provider text, provider_ref text, captured_at timestamptz, transfer_id text)
    WHERE t.id = r.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> jsonb_array_length(changed_contributions) THEN
      RAISE EXCEPTION 'contribution missing: % of % updated', n, jsonb_array_length(changed_contributions) USING ERRCODE = 'serialization_failure';
    END IF;
  END IF;
END
$$;
