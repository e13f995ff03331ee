"use client";

import { useState } from "react";
import type { ChatItem } from "@/lib/ui/run-state";

type ApprovalItem = Extract<ChatItem, { kind: "approval" }>;
export type DecideApproval = (approvalId: string, decision: "approve" | "reject", reason?: string) => void;

/**
 * A run stopped before booking or cancelling: what it is about to do, where its paused state lives,
 * and the member's two answers (an optional reason goes with either). Decided cards stay in the
 * conversation, without buttons, as a record of who let the booking through.
 */
export function ApprovalCard({ item, onDecide }: { item: ApprovalItem; onDecide?: DecideApproval }) {
  const [reason, setReason] = useState("");
  const [sent, setSent] = useState(false);
  const open = !item.decided && !sent && Boolean(onDecide);
  const decide = (decision: "approve" | "reject") => {
    if (!open) return;
    setSent(true);
    onDecide!(item.approvalId, decision, reason.trim() || undefined);
  };
  return (
    <li
      data-testid="approval-card"
      data-decided={item.decided || undefined}
      aria-label={`Approval needed: ${item.summary}`}
      className="chat-text self-stretch rounded-xl border-2 border-sky-700 bg-sky-50 px-3 py-2 text-slate-900"
    >
      <p className="font-semibold">
        {item.decided ? "Decided" : "Waiting for you"}: {item.summary}
      </p>
      <p className="text-sm text-slate-700">State held in {item.heldBy}.</p>
      {open && (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {/* The reason has a row of its own, so in a narrow chat the buttons wrap below it instead of over it. */}
          <label className="flex w-full min-w-0 items-center gap-1.5 text-sm">
            <span className="shrink-0">Reason (optional)</span>
            <input
              value={reason}
              maxLength={300}
              onChange={(e) => setReason(e.target.value)}
              className="focus-ring min-w-0 flex-1 rounded border border-slate-400 bg-white px-2 py-1"
              data-testid="approval-reason"
            />
          </label>
          <button type="button" onClick={() => decide("approve")} className="focus-ring btn-primary" data-testid="approval-approve">
            Approve
          </button>
          <button
            type="button"
            onClick={() => decide("reject")}
            className="focus-ring btn-quiet border border-slate-500"
            data-testid="approval-reject"
          >
            Reject
          </button>
        </div>
      )}
    </li>
  );
}
