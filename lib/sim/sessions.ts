import type { Turn } from "./brain";
import { recentTurns } from "./bounds";

/** One conversation with the simulated Bedrock agent, and the actions it is waiting on. */
export type AgentSession = { messages: Turn[]; pending?: { invocationId: string; calls: { id: string; name: string }[] } };

/**
 * Where the simulated agent keeps its sessions. Bedrock keeps them on AWS's side, so a restarted app
 * (or another instance) finds them again: the app can hand the in-process simulator a durable store.
 */
export interface AgentSessionStore {
  get(owner: string, id: string): Promise<AgentSession | undefined>;
  save(owner: string, id: string, session: AgentSession): Promise<void>;
  end(owner: string, id: string): Promise<void>;
}

/**
 * Agent sessions as Bedrock keeps them, in memory: a session belongs to the caller that created it (its AWS
 * access key id), so knowing another caller's session id reaches nothing. Bounded in sessions per
 * caller, sessions in all (least recently used go first) and history per session (the model only
 * reads its recent turns anyway).
 */
export class AgentSessions implements AgentSessionStore {
  private readonly sessions = new Map<string, AgentSession>();
  private readonly perOwner = new Map<string, number>();

  constructor(
    private readonly maxSessions: number,
    private readonly maxPerOwner: number,
  ) {}

  async get(owner: string, id: string): Promise<AgentSession | undefined> {
    return this.sessions.get(key(owner, id));
  }

  /** Stores the session as the owner's most recent one, evicting what the bounds require. */
  async save(owner: string, id: string, session: AgentSession): Promise<void> {
    const k = key(owner, id);
    if (!this.sessions.delete(k)) this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1);
    this.sessions.set(k, { ...session, messages: recentTurns(session.messages) });
    if ((this.perOwner.get(owner) ?? 0) > this.maxPerOwner) this.evict((other) => other.startsWith(`${owner}\u0000`));
    if (this.sessions.size > this.maxSessions) this.evict(() => true);
  }

  async end(owner: string, id: string): Promise<void> {
    if (this.sessions.delete(key(owner, id))) this.forget(owner);
  }

  /** Removes the least recently used session that matches. */
  private evict(matches: (key: string) => boolean): void {
    for (const k of this.sessions.keys()) {
      if (!matches(k)) continue;
      this.sessions.delete(k);
      this.forget(k.slice(0, k.indexOf("\u0000")));
      return;
    }
  }

  private forget(owner: string): void {
    const left = (this.perOwner.get(owner) ?? 1) - 1;
    if (left > 0) this.perOwner.set(owner, left);
    else this.perOwner.delete(owner);
  }
}

function key(owner: string, id: string): string {
  return `${owner}\u0000${id}`;
}
