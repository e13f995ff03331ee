import { expect, test, type Page } from "@playwright/test";
import { PATTERN_IDS } from "@/lib/patterns/types";

/**
 * The page around the graph, as a presenter (keys only, 1920×1080 projector), a member at
 * 1280×720 and 1600×900, and a member on a 390×844 phone would use it (issue 28).
 */
const SHOTS = "/work/helpers/shots";
const ASSISTANT = '[data-testid="chat-message"][data-role="assistant"]';

test.beforeEach(async ({ request }) => {
  await request.post("/api/admin/reset");
});

/** Nothing wider than the window: the page never scrolls sideways. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(client);
}

/** The element lies fully inside the window and no other element covers its centre. */
async function expectUncovered(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  await expect(el).toBeVisible();
  const box = (await el.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  const onTop = await el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (node === hit || node.contains(hit));
  });
  expect(onTop, `${testId} is covered`).toBe(true);
}

/** The text is not cut: its content fits its box (no ellipsis, no clipped line). */
async function expectNotTruncated(page: Page, selector: string) {
  for (const el of await page.locator(selector).all()) {
    const cut = await el.evaluate((node) => node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1);
    expect(cut, `${await el.textContent()} is cut`).toBe(false);
  }
}

test("1280×720 with demo mode on: the header's controls and the pattern's description are whole and uncovered", async ({ page }) => {
  await page.goto("/?demo=1&p=D");
  await expect(page.getByTestId("demo-toggle")).toHaveAttribute("aria-pressed", "true");
  for (const id of ["demo-toggle", "demo-reset", "compare-link", "key-help-open", "projector-toggle"]) await expectUncovered(page, id);
  await expect(page.getByText("Upload tape")).toBeInViewport({ ratio: 1 });
  for (const id of PATTERN_IDS) {
    await page.keyboard.press(String(PATTERN_IDS.indexOf(id) + 1));
    await expectNotTruncated(page, '[data-testid="pattern-heading"]');
  }
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: `${SHOTS}/page-header-1280.png` });
});

test("after Enter sends, Space continues a step-mode run and digits switch pattern, until / goes back to the chat", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto("/?p=A&demo=0");
  // Run options by key: o opens them, Tab reaches the switches, Space ticks them.
  await page.keyboard.press("o");
  await expect(page.getByTestId("run-options")).toHaveAttribute("open", "");
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("option-step-mode").check();
  await expect(page.getByTestId("options-badge")).toHaveText("step mode · latency off");
  await page.keyboard.press("Escape");
  await page.keyboard.press("/");
  await page.keyboard.type("Book court A tomorrow at 3pm");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("chat-input")).not.toBeFocused();
  for (let i = 0; i < 40; i++) {
    const next = page.getByTestId("step-continue");
    await expect(next.or(page.locator('[data-testid="run-graph"][data-run-status="ok"]'))).toBeVisible({ timeout: 15_000 });
    if (!(await next.isVisible())) break;
    const hold = await next.getAttribute("data-hold");
    await page.keyboard.press(" ");
    await expect(page.getByTestId("step-continue").and(page.locator(`[data-hold="${hold}"]`))).toHaveCount(0);
  }
  await expect(page.locator(ASSISTANT).last()).toContainText("Court A");
  await expect(page.getByTestId("chat-input")).toHaveValue("");
  await page.keyboard.press("2");
  await expect(page.getByTestId("pattern-option-B")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("/");
  await expect(page.getByTestId("chat-input")).toBeFocused();
});

test("projector mode at 1920×1080 keeps the tools: options and details in a drawer by key, a badge of what is on, node details", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("/?p=D&demo=0");
  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/projector/);
  await page.keyboard.press("o");
  await expect(page.getByTestId("tab-options")).toBeFocused();
  await expect(page.getByTestId("details")).toBeVisible();
  // Keys only: Tab into the options, Space ticks step mode; the slow-motion select takes 0.5×.
  await page.getByTestId("option-step-mode").focus();
  await page.keyboard.press("Space");
  await page.getByTestId("option-slow-motion").selectOption("0.5");
  await expect(page.getByTestId("options-badge")).toHaveText("step mode · 0.5×");
  await page.screenshot({ path: `${SHOTS}/page-projector-options-1920.png` });
  await page.getByTestId("option-step-mode").press("Escape");
  await expect(page.getByTestId("details")).toBeHidden();
  await expect(page.locator("#stage")).toBeFocused();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard" });
  for (const what of ["Run options", "Inspector", "Replay the last run"]) await expect(help).toContainText(what);
  await page.keyboard.press("Escape");

  await page.keyboard.press("/");
  await page.keyboard.type("Book court D tomorrow at 8pm");
  await page.keyboard.press("Enter");
  for (let i = 0; i < 40; i++) {
    const next = page.getByTestId("step-continue");
    await expect(next.or(page.locator('[data-testid="run-graph"][data-run-status="ok"]'))).toBeVisible({ timeout: 15_000 });
    if (!(await next.isVisible())) break;
    const hold = await next.getAttribute("data-hold");
    await page.keyboard.press(" ");
    await expect(page.getByTestId("step-continue").and(page.locator(`[data-hold="${hold}"]`))).toHaveCount(0);
  }
  await expect(page.locator(ASSISTANT).last()).toContainText("Court D");
  await page.locator('.react-flow__node[data-id="llm"]').click();
  await expect(page.getByTestId("tab-inspector")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("details")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/page-projector-inspector-1920.png` });
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("details")).toBeHidden();

  // l replays the run; the courts strip shows the slot free until the replay reaches the booking.
  await page.keyboard.press("l");
  await expect(page.getByTestId("replay-position")).not.toHaveAttribute("data-steps", "0");
  // The replay plays at once; back to its start (paused) to walk it.
  await page.getByTestId("replay-restart").click();
  await expect(page.getByTestId("replay-position")).toHaveAttribute("data-step", "0");
  await expect(page.getByTestId("replay-position")).toContainText("The member's message");
  await expect(page.locator('[data-slot-id="2026-12-02_CourtD_2000"]')).toHaveAttribute("data-state", "free");
  await page.keyboard.press(".");
  await expect(page.getByTestId("replay-position")).toContainText("Your loop starts");
  await page.screenshot({ path: `${SHOTS}/page-projector-replay-1920.png` });
  await page.getByTestId("replay-scrubber").fill(String(await page.getByTestId("replay-position").getAttribute("data-steps")));
  await expect(page.locator('[data-slot-id="2026-12-02_CourtD_2000"]')).toHaveAttribute("data-state", "yours");
  await page.keyboard.press("p");
});

test("the court cells of a day are one Tab stop, the arrows move inside, Enter books", async ({ page }) => {
  await page.goto("/?p=A&demo=0");
  await page.getByTestId("courts-date").fill("2026-12-02");
  const first = page.locator('[data-testid="court-cell"][tabindex="0"]');
  await expect(first).toHaveCount(1);
  const cells = await page.getByTestId("court-cell").count();
  expect(cells).toBeGreaterThanOrEqual(40);
  await expect(page.locator('[data-testid="court-cell"][tabindex="-1"]')).toHaveCount(cells - 1);
  await first.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const focused = page.locator('[data-testid="court-cell"]:focus');
  const slot = await focused.getAttribute("data-slot-id");
  await expect(page.getByTestId("pattern-option-A")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Tab");
  await expect(page.locator('[data-testid="court-cell"]:focus')).toHaveCount(0);
  await page.keyboard.press("Shift+Tab");
  await expect(page.locator('[data-testid="court-cell"]:focus')).toHaveAttribute("data-slot-id", slot!);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Book it" }).click();
  await expect(page.locator(`[data-slot-id="${slot}"]`)).toHaveAttribute("data-state", "yours");
});

test("demo mode's My bookings reads and cancels in the demo sandbox, like the grid and the chat", async ({ page }) => {
  await page.goto("/?p=A&demo=1");
  await page.getByTestId("chat-input").fill("Book court A tomorrow at 7pm");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.locator(ASSISTANT).last()).toContainText("Court A", { timeout: 30_000 });
  const slot = '[data-slot-id="2026-12-02_CourtA_1900"]';
  await expect(page.locator(slot)).toHaveAttribute("data-state", "yours");
  await expect(page.getByTestId("my-booking")).toHaveCount(1);
  await expect(page.getByTestId("my-booking")).toHaveAttribute("data-booking-slot", "2026-12-02_CourtA_1900");
  await page.getByTestId("my-booking-cancel").click();
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByTestId("my-bookings-empty")).toBeVisible();
  await expect(page.locator(slot)).toHaveAttribute("data-state", "free");
});

test("a phone (390×844): chat first, no sideways scroll, the graph and the courts a tab away; book, list and cancel by taps", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto("/?p=A&demo=0");
  await expect(page.getByTestId("chat-input")).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: `${SHOTS}/page-phone-chat.png` });
  await page.getByTestId("chat-suggestion").first().tap();
  await expect(page.locator(ASSISTANT).last()).toContainText("Court B", { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/page-phone-chat-booked.png` });

  await page.getByTestId("phone-pane-graph").tap();
  const graph = page.getByTestId("run-graph");
  await expect(graph).toBeVisible();
  const box = (await graph.boundingBox())!;
  expect(box.width).toBeGreaterThan(300);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: `${SHOTS}/page-phone-graph.png` });

  await page.getByTestId("phone-pane-courts").tap();
  await expect(page.getByTestId("my-booking")).toHaveCount(1);
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: `${SHOTS}/page-phone-courts.png` });
  await page.getByTestId("my-booking-cancel").tap();
  await page.getByRole("button", { name: "Cancel booking" }).tap();
  await expect(page.getByTestId("my-bookings-empty")).toBeVisible();
  await page.locator('[data-testid="court-cell"][data-state="free"]').first().tap();
  await page.getByRole("button", { name: "Book it" }).tap();
  await expect(page.getByTestId("my-booking")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/page-phone-courts-booked.png` });
  await context.close();
});

test("/runs/{unknown} answers 404, with no download links", async ({ page }) => {
  const res = await page.goto("/runs/run_doesnotexist123");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("run-not-found")).toBeVisible();
  await expect(page.getByTestId("download-tape")).toHaveCount(0);
  await expect(page.getByTestId("download-otel")).toHaveCount(0);
});

test("/compare on a projector at 1920×1080: all eight outcomes on one screen, and what they show in one line", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`/compare?m=${encodeURIComponent("Book court B tomorrow at 3pm")}`);
  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/projector/);
  await page.getByTestId("compare-latency").uncheck();
  await page.getByTestId("compare-run").click();
  for (const id of PATTERN_IDS) {
    await expect(page.getByTestId(`compare-summary-${id}`).getByTestId("compare-summary-booked")).toHaveAttribute(
      "data-booked",
      /true|false/,
      {
        timeout: 60_000,
      },
    );
  }
  await expect(page.getByTestId("compare-reading")).toContainText(/Fastest .* cheapest .* most autonomous/);
  for (const id of PATTERN_IDS) await expect(page.getByTestId(`compare-summary-${id}`)).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId("compare-reading")).toBeInViewport({ ratio: 1 });
  // Who decided, as letters a room can read.
  await expect(page.getByTestId("compare-summary-A").getByTestId("compare-summary-deciders")).toHaveText(/^[CLA]+$/);
  const letterSize = await page
    .getByTestId("compare-summary-A")
    .getByTestId("compare-summary-deciders")
    .locator("span")
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(letterSize).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: `${SHOTS}/page-compare-1920-projector.png` });
  await page.keyboard.press("p");
});

test("a reload during a run re-attaches to it, and the reply arrives", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/?p=D&demo=0");
  await page.keyboard.press("o");
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("option-step-mode").check();
  await page.getByTestId("chat-input").fill("Book court C tomorrow at 5pm");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("step-continue")).toBeVisible();
  const runId = await page.getByTestId("run-graph").getAttribute("data-run-id");
  await page.reload();
  // Still the same run, still held: the page follows it again and the member can go on.
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-id", runId!);
  await expect(page.getByTestId("step-continue")).toBeVisible();
  await expect(page.getByTestId("chat-error")).toHaveCount(0);
  for (let i = 0; i < 40; i++) {
    const next = page.getByTestId("step-continue");
    await expect(next.or(page.locator('[data-testid="run-graph"][data-run-status="ok"]'))).toBeVisible({ timeout: 15_000 });
    if (!(await next.isVisible())) break;
    const hold = await next.getAttribute("data-hold");
    await next.click();
    await expect(page.getByTestId("step-continue").and(page.locator(`[data-hold="${hold}"]`))).toHaveCount(0);
  }
  await expect(page.locator(ASSISTANT).last()).toContainText("Court C");
  await expect(page.locator('[data-slot-id="2026-12-02_CourtC_1700"]')).toHaveAttribute("data-state", "yours");
});

test("/eval's trade-off chart draws every point whole, at 100% success too", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/eval");
  const toggle = async (testId: string) => {
    await page.getByTestId(testId).focus();
    await page.keyboard.press("Space");
  };
  for (const id of ["B", "C", "E", "F", "G", "H"]) await toggle(`eval-pattern-${id}`);
  for (const fault of ["malformedJson", "vendor500", "serviceDown"]) await toggle(`eval-fault-${fault}`);
  await page.getByTestId("eval-cases").fill("2");
  await page.getByTestId("eval-run").click();
  await expect(page.getByTestId("eval-progress")).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  const chart = page.getByTestId("eval-chart");
  await expect(chart.locator("circle")).toHaveCount(2);
  const frame = (await chart.boundingBox())!;
  for (const circle of await chart.locator("circle").all()) {
    const box = (await circle.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(frame.x);
    expect(box.y).toBeGreaterThanOrEqual(frame.y);
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
    expect(box.y + box.height).toBeLessThanOrEqual(frame.y + frame.height);
  }
  await chart.screenshot({ path: `${SHOTS}/page-eval-chart.png` });
});

test("1280×720 with run options open: the approval card's buttons do not cover its Reason field", async ({ page }) => {
  await page.goto("/?p=A&demo=0");
  await page.keyboard.press("o");
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("option-approval").check();
  await page.getByTestId("chat-input").fill("Book court D tomorrow at 9am");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("approval-card")).toBeVisible({ timeout: 30_000 });
  const reason = (await page.getByTestId("approval-reason").boundingBox())!;
  for (const button of ["approval-approve", "approval-reject"]) {
    const box = (await page.getByTestId(button).boundingBox())!;
    const apart =
      box.x >= reason.x + reason.width ||
      box.x + box.width <= reason.x ||
      box.y >= reason.y + reason.height ||
      box.y + box.height <= reason.y;
    expect(apart, `${button} overlaps the reason field`).toBe(true);
  }
  await expectUncovered(page, "approval-approve");
  await page.screenshot({ path: `${SHOTS}/page-approval-1280.png` });
});
