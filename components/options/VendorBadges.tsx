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
  const modes = Object.entries(health.vendors).map(([vendor, mode]) => [vendor, mode === "live" && !forceSim] as const);
  const live = modes.filter(([, on]) => on).map(([vendor]) => VENDOR_NAMES[vendor] ?? vendor);
  return (
    <>
      {/* Below 2xl the header has no room for four badges: one says the same, each vendor in its title. */}
      <span
        className={`badge 2xl:hidden ${live.length > 0 ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-800"}`}
        title={modes.map(([vendor, on]) => `${VENDOR_NAMES[vendor] ?? vendor} ${on ? "live" : "sim"}`).join(", ")}
        data-testid="vendor-summary"
      >
        {live.length === 0 ? "All models sim" : live.length === modes.length ? "All models live" : `${live.join(", ")} live`}
      </span>
      <VendorList health={health} forceSim={forceSim} />
    </>
  );
}

function VendorList({ health, forceSim }: { health: Health; forceSim: boolean }) {
  return (
    <ul aria-label="Model vendors" className="hidden items-center gap-1.5 2xl:flex">
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
