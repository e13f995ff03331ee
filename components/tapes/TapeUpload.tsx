"use client";

import { useRef, useState } from "react";

/** Uploads a downloaded tape (csp-tape/1): it becomes a stored run, opened in its replay. */
export function TapeUpload() {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/tapes", { method: "POST", headers: { "content-type": "application/json" }, body: await file.text() });
      const body = await res.json().catch(() => null);
      if (!res.ok) return setError(body?.error?.message ?? `The tape was refused (${res.status}).`);
      window.location.assign(body.url);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };

  return (
    <span className="hide-in-projector flex items-center gap-2">
      <label className="focus-ring btn-quiet cursor-pointer" title="Open a downloaded tape as a stored run: replay it, fork it">
        {busy ? "Uploading…" : "Upload tape"}
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          data-testid="tape-upload"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
      </label>
      {error && (
        <span role="alert" className="text-sm text-rose-800" data-testid="tape-upload-error">
          {error}
        </span>
      )}
    </span>
  );
}
