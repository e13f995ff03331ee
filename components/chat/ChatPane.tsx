"use client";

import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { ChatItem } from "@/lib/ui/run-state";
import { ApprovalCard, type DecideApproval } from "./ApprovalCard";

const SUGGESTIONS = [
  "Book court B tomorrow at 3pm",
  "What's free on Friday evening?",
  "Book a court for tomorrow",
  "Can I play indoors on Saturday at 10?",
];

type Props = {
  items: ChatItem[];
  /** Text already in the chat box (a suggestion handed over by a link), not sent until the member sends it. */
  initialDraft?: string;
  busy: boolean;
  onSend?: (text: string) => void;
  onNewConversation?: () => void;
  /** Answers an approval card; without it, cards are shown read-only (replays). */
  onDecide?: DecideApproval;
  /** Extra controls under the input, e.g. run options. */
  footer?: ReactNode;
};

/** The conversation with the chosen pattern; read-only when there is no onSend (replays). */
export function ChatPane({ items, initialDraft = "", busy, onSend, onNewConversation, onDecide, footer }: Props) {
  const [draft, setDraft] = useState(initialDraft);
  const log = useRef<HTMLOListElement>(null);
  const last = items.at(-1);
  const streaming = last?.kind === "message" && last.streaming;

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [items, busy]);

  const send = (text: string) => {
    const message = text.trim();
    if (!message || busy || !onSend) return;
    onSend(message);
    setDraft("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send(draft);
    }
  };

  return (
    <section aria-labelledby="chat-title" className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center justify-between gap-2 pb-2">
        <h2 id="chat-title" className="panel-title">
          Chat
        </h2>
        {onNewConversation && (
          <button
            type="button"
            onClick={onNewConversation}
            disabled={busy || items.length === 0}
            className="focus-ring btn-quiet"
            data-testid="new-conversation"
          >
            New conversation
          </button>
        )}
      </div>
      <ol
        ref={log}
        aria-live="polite"
        aria-label="Messages"
        className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto rounded-lg border border-slate-200 bg-white p-3"
      >
        {items.map((item) =>
          item.kind === "approval" ? (
            <ApprovalCard key={item.id} item={item} onDecide={busy ? undefined : onDecide} />
          ) : (
            <ChatLine key={item.id} item={item} />
          ),
        )}
        {busy && !streaming && (
          <li
            className="flex items-center gap-2 self-start rounded-2xl bg-slate-100 px-3 py-2 text-sm text-slate-700"
            data-testid="typing-indicator"
          >
            <span className="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            Working…
          </li>
        )}
      </ol>
      {onSend && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send(draft);
          }}
          className="mt-2 flex items-end gap-2"
        >
          <label htmlFor="chat-input" className="sr-only">
            Message
          </label>
          <textarea
            id="chat-input"
            data-testid="chat-input"
            rows={2}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Message · Enter sends"
            aria-keyshortcuts="/"
            className="focus-ring min-h-0 flex-1 resize-none rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500"
          />
          <button type="submit" disabled={busy || !draft.trim()} className="focus-ring btn-primary">
            Send
          </button>
        </form>
      )}
      {items.length === 0 && onSend && (
        <div className="mt-2 flex flex-col gap-1.5 text-sm text-slate-700">
          <p>Ask the club for a court in your own words, or try one of these:</p>
          <div className="flex flex-wrap gap-1.5">
            {SUGGESTIONS.map((s) => (
              <button
                key={s}
                type="button"
                onClick={() => send(s)}
                className="focus-ring rounded-full border border-slate-300 bg-slate-50 px-3 py-1 text-left text-sm text-slate-800 hover:border-slate-500"
                data-testid="chat-suggestion"
              >
                {s}
              </button>
            ))}
          </div>
        </div>
      )}
      {footer}
    </section>
  );
}

const ChatLine = memo(function ChatLine({ item }: { item: Exclude<ChatItem, { kind: "approval" }> }) {
  if (item.kind === "error") {
    return (
      <li
        role={item.retryable ? "status" : "alert"}
        data-testid="chat-error"
        data-retryable={item.retryable}
        className={
          item.retryable
            ? "rounded-md border-l-4 border-amber-500 bg-amber-50 px-3 py-1.5 text-sm text-amber-950"
            : "rounded-md border-l-4 border-rose-600 bg-rose-50 px-3 py-2 text-sm text-rose-950"
        }
      >
        <span className="font-semibold">
          {item.code === "rate_limited" ? "One moment" : item.retryable ? "Temporary fault" : "Something went wrong"}
        </span>
        {item.code !== "rate_limited" && (
          <span className="ml-1 font-mono text-xs">
            ({item.code}
            {item.node ? ` at ${item.node}` : ""})
          </span>
        )}
        <span className="block">{item.message}</span>
      </li>
    );
  }
  const mine = item.role === "user";
  return (
    <li
      data-testid="chat-message"
      data-role={item.role}
      data-streaming={item.streaming || undefined}
      className={`chat-text max-w-[88%] whitespace-pre-wrap rounded-2xl px-3 py-2 text-base leading-snug ${mine ? "self-end rounded-br-sm bg-slate-900 text-white" : "self-start rounded-bl-sm bg-slate-100 text-slate-900"}`}
    >
      {item.text}
      {item.streaming && <span className="stream-caret" aria-hidden="true" />}
    </li>
  );
});
