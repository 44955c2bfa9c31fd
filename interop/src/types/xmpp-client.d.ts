// @xmpp/client 0.14 ships no type declarations: the part of its API these tests use.
declare module "@xmpp/client" {
  import type { EventEmitter } from "node:events";

  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<XmlElement | string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildren(name: string, xmlns?: string): XmlElement[];
    getChildElements(): XmlElement[];
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    toString(): string;
  }

  export function xml(
    name: string,
    attrs?: Record<string, string | undefined> | null,
    ...children: Array<XmlElement | string>
  ): XmlElement;

  export interface ClientOptions {
    service: string;
    domain?: string;
    username?: string;
    password?: string;
    resource?: string;
  }

  export interface IqContext {
    stanza: XmlElement;
    element: XmlElement;
  }

  export interface Client extends EventEmitter {
    /** The bound full JID once online. */
    jid: { toString(): string } | null;
    status: string;
    socket: unknown;
    start(): Promise<{ toString(): string }>;
    stop(): Promise<void>;
    send(...elements: XmlElement[]): Promise<void>;
    iqCaller: { request(stanza: XmlElement, timeoutMs?: number): Promise<XmlElement> };
    iqCallee: {
      set(ns: string, name: string, handler: (ctx: IqContext) => unknown): void;
      get(ns: string, name: string, handler: (ctx: IqContext) => unknown): void;
    };
    reconnect: { stop(): void };
  }

  export function client(options: ClientOptions): Client;
}
