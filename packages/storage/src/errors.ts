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
