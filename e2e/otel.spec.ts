import { readFile } from "node:fs/promises";
import { expect, test, type Download, type Page } from "@playwright/test";

/** "Download as OpenTelemetry" on the playground and on a run's replay page gives a valid OTLP/JSON trace. */

type OtlpJson = {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: {
      spans: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes: { key: string; value: { stringValue?: string } }[];
      }[];
    }[];
  }[];
};

test.beforeEach(async ({ request }) => {
  await request.post("/api/admin/reset");
});

async function saved(download: Download): Promise<OtlpJson> {
  return JSON.parse(await readFile((await download.path())!, "utf8"));
}

function expectTrace(trace: OtlpJson, pattern: string) {
  const spans = trace.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots.map((s) => s.name)).toEqual([`invoke_workflow ${pattern}`]);
  expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  expect(spans.map((s) => s.name)).toEqual(
    expect.arrayContaining([
      "invoke_agent manager",
      "invoke_agent availability-agent",
      "execute_tool check_availability",
      "chat gpt-4.1-mini",
    ]),
  );
  expect(trace.resourceSpans[0].resource.attributes).toContainEqual({
    key: "service.name",
    value: { stringValue: "control-spectrum-playground" },
  });
}

async function runF(page: Page) {
  await page.goto("/?p=F");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("chat-input").fill("Book court D tomorrow at 8pm");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok");
}

test("a run downloads as OpenTelemetry from the playground and from its replay page", async ({ page }) => {
  await runF(page);
  const runId = await page.getByTestId("run-graph").getAttribute("data-run-id");
  const [fromPlayground] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-otel").click()]);
  expect(fromPlayground.suggestedFilename()).toBe(`${runId}.otlp.json`);
  expectTrace(await saved(fromPlayground), "F");

  await page.goto(`/runs/${runId}`);
  const [fromReplay] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-otel").click()]);
  expectTrace(await saved(fromReplay), "F");
});
