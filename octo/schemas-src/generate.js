// Writes one JSON Schema (draft-07) per OCTO type into the directory given as argv[2].
// Run by scripts/octo-schemas from a throwaway install of package.json / package-lock.json;
// it reads the type declarations the standard publishes in @octocloud/types.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createGenerator } = require("ts-json-schema-generator");

const TYPES_PACKAGE = "@octocloud/types";
const GENERATOR_PACKAGE = "ts-json-schema-generator";

// The shapes a supplier answers with, the bodies a reseller sends, and the error bodies.
// Names are the package's own, so a schema file and its TypeScript type are found by one grep.
// The list endpoints answer with JSON arrays of these; the package's per-endpoint *Response
// aliases (Responses[keyof Responses]) come out as anyOf [array, {}], which accepts anything,
// so they are not generated: validate each item against the item's schema instead.
const TYPES = [
  // GET /supplier, GET /products[/{id}]
  "Supplier",
  "Product",
  "Option",
  "Unit",
  "Pricing",
  "PricingUnit",
  // POST /availability, POST /availability/calendar
  "Availability",
  "AvailabilityCalendar",
  // /bookings...
  "Booking",
  "UnitItem",
  "Contact",
  "BookingCancellation",
  "Ticket",
  // GET /capabilities
  "Capability",
  // Request bodies and the GET /bookings query
  "AvailabilityCheckBody",
  "AvailabilityCalendarBody",
  "BookingReservationBody",
  "BookingUpdateBody",
  "BookingConfirmationBody",
  "ExtendReservationBody",
  "BookingCancellationBody",
  "GetBookingsQueryParams",
  // Error bodies
  "BaseError",
  "ErrorBadRequest",
  "ErrorUnauthorized",
  "ErrorForbidden",
  "ErrorUnprocessableEntity",
  "ErrorInternalServerError",
  "ErrorInvalidProductId",
  "ErrorInvalidOptionId",
  "ErrorInvalidUnitId",
  "ErrorInvalidAvailabilityId",
  "ErrorInvalidBookingUuid",
];

function installedVersion(name) {
  const manifest = path.join(path.dirname(require.resolve(`${name}/package.json`)), "package.json");
  return JSON.parse(fs.readFileSync(manifest, "utf8")).version;
}

// An empty sub-schema accepts every value; one appearing means a type the generator could not
// translate, and a schema with it would pass anything through that path.
function findEmptySchemas(node, where, found) {
  if (Array.isArray(node)) {
    node.forEach((item, index) => findEmptySchemas(item, `${where}/${index}`, found));
  } else if (node !== null && typeof node === "object") {
    if (Object.keys(node).length === 0 && !where.endsWith("/properties")) found.push(where);
    for (const [key, value] of Object.entries(node)) findEmptySchemas(value, `${where}/${key}`, found);
  }
  return found;
}

function main(outDir) {
  const typesVersion = installedVersion(TYPES_PACKAGE);
  const generatorVersion = installedVersion(GENERATOR_PACKAGE);
  const declarations = require.resolve(`${TYPES_PACKAGE}/dist/models/types.gen.d.ts`);
  const generator = createGenerator({
    path: declarations,
    // Only the declarations themselves: without it TypeScript also loads every @types package
    // in node_modules (yup's lodash types), which do not check against this lib.
    tsconfig: path.join(__dirname, "tsconfig.json"),
    // additionalProperties stays open: capabilities (octo/pickups, octo/questions, ...) add
    // fields to these objects that the core types do not list, and a response carrying them is
    // still a valid OCTO response.
    additionalProperties: true,
    // Keep the package's field order (it follows the specification's tables), not A-Z.
    sortProps: false,
    topRef: true,
    jsDoc: "extended",
  });
  fs.mkdirSync(outDir, { recursive: true });
  for (const type of TYPES) {
    const schema = generator.createSchema(type);
    const empty = findEmptySchemas(schema, "#", []);
    if (empty.length > 0) throw new Error(`${type}: schema accepts anything at ${empty.join(", ")}`);
    const stamped = {
      $schema: schema.$schema,
      $comment:
        `Generated from ${TYPES_PACKAGE} ${typesVersion} (type ${type}) by ` +
        `${GENERATOR_PACKAGE} ${generatorVersion}. Do not edit: run make octo-schemas.`,
      ...schema,
    };
    const file = path.join(outDir, `${type}.json`);
    fs.writeFileSync(file, `${JSON.stringify(stamped, null, 2)}\n`);
  }
  console.log(`${TYPES.length} schemas from ${TYPES_PACKAGE} ${typesVersion} into ${outDir}`);
}

if (process.argv.length !== 3) {
  console.error("usage: node generate.js OUT_DIR");
  process.exit(2);
}
try {
  main(path.resolve(process.argv[2]));
} catch (error) {
  // The generator's BuildError carries whole source files; the diagnostics are what matters.
  const related = error.diagnostic?.relatedInformation ?? [];
  for (const info of related) console.error(`${info.file?.fileName ?? ""}: ${info.messageText}`);
  console.error(error.message);
  process.exit(1);
}
