"use client";

import type { Vendor } from "@/lib/trace/events";
import { STOPPABLE_SERVICES, type PatternInfo } from "@/lib/patterns/types";
import { vendorSteps } from "@/lib/ui/patterns";
import { optionsSummary, SLOW_MOTION_STEPS, type ChaosKnobs, type RunOptionsState, type VendorFault } from "@/lib/ui/run-options";

const VENDOR_NAMES: Record<Vendor, string> = { openai: "OpenAI", anthropic: "Claude", bedrock: "Bedrock" };
const FLAGS: [keyof ChaosKnobs, string][] = [
  ["malformedJson", "Malformed JSON"],
  ["hallucinatedSlot", "Hallucinated slot"],
  ["slowModel", "Slow model"],
  ["toolLoop", "Tool loop"],
];

type Props = {
  pattern: PatternInfo;
  options: RunOptionsState;
  onChange: (options: RunOptionsState) => void;
  /** Open or folded (key `o`); the summary line says what is on either way. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/** Per-run settings: simulated latency, force sim, vendor per step, and chaos to see how a pattern copes. */
export function RunOptionsPanel({ pattern, options, onChange, open, onOpenChange }: Props) {
  const chaos = options.chaos;
  const setChaos = (patch: Partial<ChaosKnobs>) => onChange({ ...options, chaos: { ...chaos, ...patch } });
  const steps = vendorSteps(pattern);
  const services = pattern.runtime === "services" ? STOPPABLE_SERVICES.filter((s) => pattern.graph.nodes.some((n) => n.id === s)) : [];

  return (
    <details
      open={open}
      onToggle={(e) => onOpenChange(e.currentTarget.open)}
      className="group mt-2 rounded-lg border border-slate-200 bg-white text-sm"
      data-testid="run-options"
    >
      <summary
        aria-keyshortcuts="o"
        className="focus-ring flex cursor-pointer items-center justify-between gap-2 rounded-lg px-3 py-1.5 font-semibold text-slate-800"
      >
        <span className="whitespace-nowrap">
          Run options <kbd className="kbd">O</kbd>
        </span>
        <span className="min-w-0 truncate text-xs font-normal text-slate-600">{optionsSummary(options).join(" · ") || "as modelled"}</span>
      </summary>
      <div className="flex max-h-64 flex-col gap-3 overflow-y-auto border-t border-slate-200 px-3 py-2">
        <fieldset className="flex min-w-0 flex-wrap gap-x-4 gap-y-1">
          <legend className="sr-only">Model</legend>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={options.simLatency === "on"}
              onChange={(e) => onChange({ ...options, simLatency: e.target.checked ? "on" : "off" })}
              data-testid="option-sim-latency"
            />
            Simulated latency
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={options.forceSim}
              onChange={(e) => onChange({ ...options, forceSim: e.target.checked })}
              data-testid="option-force-sim"
            />
            Force sim
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={options.stepMode}
              onChange={(e) => onChange({ ...options, stepMode: e.target.checked })}
              data-testid="option-step-mode"
            />
            Step mode (Space continues)
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={options.approval}
              onChange={(e) => onChange({ ...options, approval: e.target.checked })}
              data-testid="option-approval"
            />
            Ask before booking
          </label>
          <label className="flex items-center gap-1.5">
            Slow motion
            <select
              value={options.simLatencyScale}
              disabled={options.simLatency !== "on"}
              onChange={(e) => onChange({ ...options, simLatencyScale: Number(e.target.value) })}
              className="focus-ring rounded border border-slate-300 bg-white px-1.5 py-0.5 disabled:bg-slate-100"
              data-testid="option-slow-motion"
            >
              {SLOW_MOTION_STEPS.map((x) => (
                <option key={x} value={x}>
                  {x}×
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        {steps.length > 0 && (
          <fieldset className="flex min-w-0 flex-col gap-1">
            <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">Vendor per step</legend>
            {steps.map((s) => (
              <label key={s.node} className="flex items-center justify-between gap-2">
                {s.label}
                <select
                  value={options.vendors[s.node] ?? s.byDefault}
                  onChange={(e) => onChange({ ...options, vendors: { ...options.vendors, [s.node]: e.target.value as Vendor } })}
                  className="focus-ring rounded border border-slate-300 bg-white px-1.5 py-0.5"
                  data-testid={`option-vendor-${s.node}`}
                >
                  {s.choices.map((v) => (
                    <option key={v} value={v}>
                      {VENDOR_NAMES[v]}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        )}
        <fieldset className="flex min-w-0 flex-col gap-1">
          <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">Chaos (simulated model)</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {FLAGS.map(([key, label]) => (
              <label key={key} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={Boolean(chaos[key])}
                  onChange={(e) => setChaos({ [key]: e.target.checked || undefined })}
                  data-testid={`chaos-${key}`}
                />
                {label}
              </label>
            ))}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <label className="flex items-center gap-1.5">
              Vendor error
              <select
                value={chaos.vendorError ? String(chaos.vendorError.status) : ""}
                onChange={(e) =>
                  setChaos({
                    vendorError: e.target.value ? { status: parseFault(e.target.value), times: chaos.vendorError?.times ?? 1 } : undefined,
                  })
                }
                className="focus-ring rounded border border-slate-300 bg-white px-1.5 py-0.5"
                data-testid="chaos-vendor-error"
              >
                <option value="">none</option>
                <option value="429">429 rate limit</option>
                <option value="500">500 server error</option>
                <option value="timeout">timeout</option>
              </select>
            </label>
            <label className="flex items-center gap-1.5">
              times
              <input
                type="number"
                min={1}
                max={20}
                value={chaos.vendorError?.times ?? 1}
                disabled={!chaos.vendorError}
                onChange={(e) =>
                  chaos.vendorError && setChaos({ vendorError: { ...chaos.vendorError, times: Math.max(1, Number(e.target.value) || 1) } })
                }
                className="focus-ring w-14 rounded border border-slate-300 bg-white px-1.5 py-0.5 disabled:bg-slate-100"
                data-testid="chaos-vendor-error-times"
              />
            </label>
          </div>
          {services.length > 0 && (
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              <span className="text-slate-700">Service down:</span>
              {services.map((s) => (
                <label key={s} className="flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    checked={chaos.serviceDown?.includes(s) ?? false}
                    onChange={(e) =>
                      setChaos({
                        serviceDown: e.target.checked ? [...(chaos.serviceDown ?? []), s] : chaos.serviceDown?.filter((x) => x !== s),
                      })
                    }
                  />
                  {s}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      </div>
    </details>
  );
}

function parseFault(value: string): VendorFault {
  return value === "timeout" ? "timeout" : value === "429" ? 429 : 500;
}
