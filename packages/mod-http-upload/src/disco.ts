// XEP-0363 §3: the upload service's disco#info (identity store/file, the feature, and the
// XEP-0128 form with max-file-size), and an empty disco#items.
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

export const SERVICE_NAME = "HTTP File Upload";

export function serviceInfo(maxFileSize: number, node: string | undefined): Element {
  return xml(
    "query",
    { xmlns: NS.DISCO_INFO, ...(node === undefined ? {} : { node }) },
    xml("identity", { category: "store", type: "file", name: SERVICE_NAME }),
    xml("feature", { var: NS.DISCO_INFO }),
    xml("feature", { var: NS.DISCO_ITEMS }),
    xml("feature", { var: NS.HTTP_UPLOAD }),
    xml(
      "x",
      { xmlns: NS.DATA_FORMS, type: "result" },
      xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", null, NS.HTTP_UPLOAD)),
      xml("field", { var: "max-file-size" }, xml("value", null, String(maxFileSize))),
    ),
  );
}

export function serviceItems(): Element {
  return xml("query", { xmlns: NS.DISCO_ITEMS });
}
