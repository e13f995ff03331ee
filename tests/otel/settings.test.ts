import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("OpenTelemetry settings", () => {
  it("export nowhere and leave content out unless told", () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
    expect(env().OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(env()).toMatchObject({
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: false,
      OTEL_SERVICE_NAME: "control-spectrum-playground",
    });
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "";
    process.env.OTEL_EXPORTER_OTLP_HEADERS = " ";
    expect(env()).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_HEADERS: undefined });
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = "true";
    expect(env().OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT).toBe(true);
  });

  it("read OTLP's key=value lists, percent-decoded, with '=' allowed in a value", () => {
    process.env.OTEL_EXPORTER_OTLP_HEADERS = "Authorization=Basic%20cGs6c2s=, x-scope = tennis";
    process.env.OTEL_RESOURCE_ATTRIBUTES = "openinference.project.name=tennis";
    expect(env().OTEL_EXPORTER_OTLP_HEADERS).toEqual({ Authorization: "Basic cGs6c2s=", "x-scope": "tennis" });
    expect(env().OTEL_RESOURCE_ATTRIBUTES).toEqual({ "openinference.project.name": "tennis" });
  });

  it.each([
    ["OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318"],
    ["OTEL_EXPORTER_OTLP_HEADERS", "no-pairs-here"],
  ])("name %s when it is wrong (%s)", (key, value) => {
    process.env[key] = value;
    expect(() => env()).toThrow(new RegExp(`Invalid environment: ${key}`));
  });
});
