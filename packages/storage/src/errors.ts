// Errors of @parley/storage. `condition` names the XMPP condition a caller would answer with.

export class StorageError extends Error {
  readonly condition: "conflict" | "item-not-found" | "internal-server-error";
  constructor(
    condition: StorageError["condition"],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.condition = condition;
  }
}

export class AccountExistsError extends StorageError {
  constructor(readonly jid: string) {
    super("conflict", `account ${jid} already exists`);
  }
}

export class AccountNotFoundError extends StorageError {
  constructor(readonly jid: string) {
    super("item-not-found", `no account ${jid}`);
  }
}

export class StorageClosedError extends StorageError {
  constructor() {
    super("internal-server-error", "storage is closed");
  }
}

/** An archive query names an id the archive does not hold (XEP-0313 §4.1.3, XEP-0059 §2.6). */
export class ArchiveItemNotFoundError extends StorageError {
  constructor(readonly id: string) {
    super("item-not-found", `no archived message with id ${id}`);
  }
}

/** An archived message reuses an id of the owner's archive (XEP-0313 §8.2: ids are never reused). */
export class ArchiveIdExistsError extends StorageError {
  constructor(readonly id: string) {
    super("conflict", `the archive already holds id ${id}`);
  }
}
