import type { CheckResult, Deadline, EvidenceList, Guide, Profile, ProjectId } from '../rules/index.js';
import type { Audience } from './audience.js';
import type { ChecklistEntries, ItemState } from './checklist.js';
import type { Lang } from './i18n.js';
import type { SharedProfile } from './society-profile.js';
import type { ChatState } from './state.js';

/** Where a message came from. Adapters fill it; handlers never see platform types. */
export type Channel = 'console' | 'telegram' | 'lark';

export interface Choice {
  /** The question id the buttons belong to; a stale id is refused. */
  question: string;
  values: string[];
  /** pick: answer with these values; toggle: flip one value of a multiple choice; done: submit the selection. */
  action: 'pick' | 'toggle' | 'done';
}

export interface Incoming {
  channel: Channel;
  chatId: string;
  userId: string;
  /** The member's name as the platform gives it (Telegram first/last name), for "who said it". */
  userName?: string;
  /** The chat's title (a group's name), for "which chat said it". */
  chatTitle?: string;
  text?: string;
  choice?: Choice;
  /** Set by the adapter from config: may this user run staff commands? */
  isStaff?: boolean;
  /** Group chats: the adapter only passes messages addressed to the bot. */
  isGroup?: boolean;
}

export interface Option {
  value: string;
  label: string;
  /**
   * The value that reverses this option, for a channel whose presses are typed (the console: "撤销 3").
   * Button channels ignore it: their buttons already carry the state they were drawn in.
   */
  undo?: string;
}

export interface Question {
  id: string;
  mode: 'single' | 'multi';
  options: Option[];
  /** Multiple choice: the values ticked so far. */
  selected: string[];
}

export interface Reply {
  text: string;
  question?: Question;
  /** Redraw the message that carries `question.id` instead of sending a new one (a toggle). */
  update?: boolean;
  file?: FileAttachment;
  /** The eligibility result, for channels that draw it as a card. */
  result?: ResultView;
}

/** A file sent with a reply. Binary files (DOCX, XLSX) are base64, so a reply stays JSON (the intake stores it). */
export interface FileAttachment {
  name: string;
  mime: string;
  content: string;
  /** base64: `content` is the file's bytes in base64; absent: `content` is the file's UTF-8 text. */
  encoding?: 'base64';
}

export interface ResultView {
  check: CheckResult;
  profile: Profile;
  deadlines: Deadline[];
  evidence: EvidenceList[];
}

export type Effect =
  | { type: 'reminders'; enabled: boolean }
  | { type: 'audit'; action: string; detail: Record<string, unknown> }
  | { type: 'staff'; command: string; args: string }
  /** Sets one checklist item of the society to this state (the target, never a flip: a replay changes nothing). */
  | { type: 'checklist'; society: string; project: ProjectId; item: string; state: ItemState; by: string };

export interface Outcome {
  state: ChatState;
  replies: Reply[];
  effects: Effect[];
}

/** What a handler needs besides the message and state: the guide, and the time. */
export interface HandlerContext {
  guide: Guide;
  nowMs: number;
  /** Counting recipients, queueing a broadcast and stats need the store; they come in as a port. */
  staff?: StaffPort;
  /** Joining a roster society and staff sign-in links need the store; they come in as a port. */
  roster?: RosterPort;
  /** The printable pack (/export) reads the society's checklist from the store; it comes in as a port. */
  pack?: PackPort;
  /** The evidence checklist this chat shares with its society's other chats (read from the store). */
  checklist?: ChecklistPort;
}

/** The society's checklist as the store holds it; changes go out as `checklist` effects. */
export interface ChecklistPort {
  /** The society key: the roster society's id, or the chat itself (`channel:chatId`). */
  society: string;
  /** Its entries, read once per turn when first asked for. */
  read(): Promise<ChecklistEntries>;
}

/** What the staff dialogue needs from outside: counting recipients, queueing delivery, stats. */
export interface StaffPort {
  /** recipients: societies; chats: how many chats of theirs receive it (every chat of each society). */
  countAudience(audience: Audience): Promise<{ recipients: number; inactive: number; chats?: number }>;
  startBroadcast(req: { text: string; audience: Audience; by: Incoming }): Promise<{ jobId: string; recipients: number }>;
  /** The report, in the staff member's language. */
  stats(lang?: Lang): Promise<string>;
}

export interface JoinedSociety {
  id: string;
  name: string;
  facts: Profile;
  /** Where each roster fact came from ("省科协名单") and when it was recorded. */
  sources: Record<string, { text: string; at: number }>;
  /** What the society's chats have told so far (its shared profile), when any chat has. */
  shared?: SharedProfile;
}

/** What the join dialogue and /web need from outside (the store): a port, like StaffPort. */
export interface RosterPort {
  /** Links the chat to the society the code belongs to. */
  join(code: string, msg: Incoming): Promise<{ kind: 'joined'; society: JoinedSociety } | { kind: 'unknown' | 'revoked' | 'throttled' }>;
  /** A one-time staff console sign-in link for this staff member. */
  signInLink(msg: Incoming): Promise<string>;
}

/** What /export needs from outside: the society's pack, made from its checklist in the store. */
export interface PackPort {
  /**
   * The society of this chat: its name and intended projects, and the pack's DOCX and XLSX.
   * none: no project intended yet; tooLarge: a file is over what a chat message carries.
   */
  build(req: {
    msg: Incoming;
    state: ChatState;
    lang: Lang;
    nowMs: number;
  }): Promise<{ kind: 'none' } | { kind: 'tooLarge' } | { kind: 'files'; society: string; projects: ProjectId[]; files: FileAttachment[] }>;
}
