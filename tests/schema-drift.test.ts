import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { pgliteRunner } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";

/**
 * Fails when prisma/schema.prisma and prisma/migrations disagree: the schema's DMMF (from Prisma's
 * own schema parser) must match, table by table and column by column, the database that the
 * committed migrations build.
 */
type DmmfField = {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  isUnique: boolean;
  relationFromFields?: string[];
};
type DmmfModel = { name: string; fields: DmmfField[]; primaryKey: { fields: string[] } | null; uniqueFields: string[][] };
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] };

const SCALAR_TO_PG: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
};

function schemaDmmf(): { models: DmmfModel[]; indexes: DmmfIndex[] } {
  const require = createRequire(import.meta.url);
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: schema })));
  return { models: dmmf.datamodel.models, indexes: dmmf.datamodel.indexes ?? [] };
}

async function migratedDatabase() {
  const lite = new PGlite("memory://");
  await applyMigrations(pgliteRunner(lite));
  const columns = (
    await lite.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    )
  ).rows;
  const indexes = (
    await lite.query<{ tablename: string; indexdef: string }>(
      `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    )
  ).rows;
  await lite.close();
  return { columns, indexes };
}

function indexSignature(table: string, unique: boolean, cols: string[]) {
  return `${table}:${unique ? "unique" : "index"}(${cols.join(",")})`;
}

describe("schema.prisma and the committed migrations", () => {
  it("describe the same tables, columns, nullability, keys and indexes", async () => {
    const { models, indexes } = schemaDmmf();
    const db = await migratedDatabase();

    const expectedColumns = models.flatMap((m) =>
      m.fields
        .filter((f) => f.kind === "scalar")
        .map((f) => `${m.name}.${f.name} ${SCALAR_TO_PG[f.type] ?? f.type} ${f.isRequired ? "NOT NULL" : "NULL"}`),
    );
    const actualColumns = db.columns.map(
      (c) => `${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable === "YES" ? "NULL" : "NOT NULL"}`,
    );
    expect(actualColumns.sort()).toEqual(expectedColumns.sort());

    const expectedIndexes = indexes.map((i) =>
      indexSignature(
        i.model,
        i.type !== "normal",
        i.fields.map((f) => f.name),
      ),
    );
    const actualIndexes = db.indexes.map((i) => {
      const cols = /\((.+)\)$/
        .exec(i.indexdef)![1]
        .split(",")
        .map((c) => c.trim().replaceAll('"', ""));
      return indexSignature(i.tablename, /UNIQUE INDEX/.test(i.indexdef), cols);
    });
    expect(actualIndexes.sort()).toEqual(expectedIndexes.sort());
  });
});
