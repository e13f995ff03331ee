"use client";

import { useEffect, useState } from "react";

type Health = { vendors: Record<string, "sim" | "live"> };
const VENDOR_NAMES: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  bedrock: "Bedrock",
  "bedrock-agent": "Bedrock Agent",
};

/** Live or simulated, per vendor, as the server sees its credentials (GET /api/health). */
export function VendorBadges({ forceSim }: { forceSim: boolean }) {
  const [health, setHealth] = useState<Health | "loading" | "down">("loading");

  useEffect(() => {
    const abort = new AbortController();
    fetch("/api/health", { signal: abort.signal, cache: "no-store" })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((body: Health) => setHealth(body))
      .catch(() => !abort.signal.aborted && setHealth("down"));
    return () => abort.abort();
  }, []);

  if (health === "loading") return <span className="text-xs text-slate-600">Checking vendors…</span>;
  if (health === "down")
    return (
      <span role="status" className="badge bg-rose-100 text-rose-900">
        Server unreachable
      </span>
    );
  return (
    <ul aria-label="Model vendors" className="flex items-center gap-1.5">
      {Object.entries(health.vendors).map(([vendor, mode]) => {
        const live = mode === "live" && !forceSim;
        return (
          <li
            key={vendor}
            className={`badge ${live ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-800"}`}
            data-testid={`vendor-${vendor}`}
            data-mode={live ? "live" : "sim"}
          >
            <span aria-hidden="true" className={`size-2 rounded-full ${live ? "bg-emerald-600" : "bg-slate-500"}`} />
            {VENDOR_NAMES[vendor] ?? vendor} {live ? "live" : "sim"}
          </li>
        );
      })}
    </ul>
  );
}
