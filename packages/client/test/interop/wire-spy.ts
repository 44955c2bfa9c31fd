// A Connector around the real Node transports that records the bytes each way and can narrow
// or corrupt the channel bindings offered to SASL. The interop suite reads the real wire with it:
// which mechanisms the server offered, which <auth/> we sent and with which GS2 header.
import { type ChannelBindingType, decodeSaslPayload } from "@parley/sasl";
import { connect } from "../../src/transport/index.node";
import type { ChannelBinding, Connector } from "../../src/transport/types";

export interface WireSpyOptions {
  /** Keep only these channel binding types (in the transport's order). */
  onlyBindings?: readonly ChannelBindingType[];
  /** Flip one bit of every binding's data: the server must then refuse the login. */
  corruptBindings?: boolean;
  /**
   * Act as a man in the middle that removes SCRAM-*-PLUS and the XEP-0440 announcement from the
   * server's offer (the downgrade RFC 5802 §6 defends against with the "y" flag).
   */
  stripPlus?: boolean;
}

export interface WireSpy {
  readonly connector: Connector;
  /** Everything written, per connection. */
  readonly written: string[][];
  /** Everything read, per connection. */
  readonly read: string[][];
  /** Binding types the last connection's transport could produce (before narrowing). */
  produced: ChannelBindingType[];
  /** The <auth mechanism="…"> sent on the last connection, with its GS2 header. */
  lastAuth(): { mechanism: string; gs2Header: string } | undefined;
  /** The SASL mechanisms in the last <mechanisms/> feature received. */
  lastOfferedMechanisms(): string[];
  /** XEP-0440 binding types of the last features, or undefined when none were announced. */
  lastAnnouncedBindings(): string[] | undefined;
}

const decoder = new TextDecoder();

export function createWireSpy(options: WireSpyOptions = {}): WireSpy {
  const written: string[][] = [];
  const read: string[][] = [];
  const spy: WireSpy = {
    written,
    read,
    produced: [],
    connector: async (request) => {
      const out: string[] = [];
      const inn: string[] = [];
      written.push(out);
      read.push(inn);
      const transport = await connect({
        ...request,
        events: {
          data: (chunk) => {
            const text = typeof chunk === "string" ? chunk : decoder.decode(chunk);
            inn.push(text);
            request.events.data(options.stripPlus ? stripPlus(text) : chunk);
          },
          close: (error) => request.events.close(error),
        },
      });
      return new Proxy(transport, {
        get(target, key) {
          if (key === "write") {
            return (data: string) => {
              out.push(data);
              target.write(data);
            };
          }
          if (key === "channelBindings") {
            return async (): Promise<ChannelBinding[]> => {
              const all = await target.channelBindings();
              spy.produced = all.map((b) => b.type);
              return all
                .filter((b) => !options.onlyBindings || options.onlyBindings.includes(b.type))
                .map((b) => (options.corruptBindings ? corrupt(b) : b));
            };
          }
          const value = Reflect.get(target, key, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
    lastAuth() {
      const text = (written.at(-1) ?? []).join("");
      const m = /<auth\b[^>]*mechanism=['"]([^'"]+)['"][^>]*>([^<]*)<\/auth>/.exec(text);
      if (!m) return undefined;
      const payload = decodeSaslPayload(m[2]!.trim());
      const initial = payload ? decoder.decode(payload) : "";
      // RFC 5802 §7: gs2-header = gs2-cbind-flag "," [authzid] ","
      const second = initial.indexOf(",", initial.indexOf(",") + 1);
      return { mechanism: m[1]!, gs2Header: initial.slice(0, second + 1) };
    },
    lastOfferedMechanisms() {
      const text = (read.at(-1) ?? []).join("");
      const all = [...text.matchAll(/<mechanisms\b[^>]*>([\s\S]*?)<\/mechanisms>/g)];
      const last = all.at(-1)?.[1] ?? "";
      return [...last.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((x) => x[1]!.trim());
    },
    lastAnnouncedBindings() {
      const text = (read.at(-1) ?? []).join("");
      const all = [
        ...text.matchAll(/<sasl-channel-binding\b[^>]*>([\s\S]*?)<\/sasl-channel-binding>/g),
      ];
      if (all.length === 0) return undefined;
      return [...all.at(-1)![1]!.matchAll(/type=['"]([^'"]+)['"]/g)].map((x) => x[1]!);
    },
  };
  return spy;
}

function corrupt(binding: ChannelBinding): ChannelBinding {
  const data = binding.data.slice();
  data[0] = (data[0] ?? 0) ^ 0x01;
  return { type: binding.type, data };
}

// Chunks split inside these elements would escape the rewrite; the features of a loopback
// server arrive in one read, and the test checks the result with lastAuth().
function stripPlus(text: string): string {
  return text
    .replace(/<mechanism>SCRAM-[A-Z0-9-]+-PLUS<\/mechanism>/g, "")
    .replace(/<sasl-channel-binding\b[\s\S]*?<\/sasl-channel-binding>/g, "");
}
