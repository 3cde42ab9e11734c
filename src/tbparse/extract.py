"""Stage 4: blocks → tasks, following the spec's "what is a task".

A task needs someone asked to act and the work asked. The actor comes from the sentence itself
("Cục Viễn thông xây dựng …", "Giao Cục Báo chí chủ trì …"), from a lead-in that hands it to the
items below ("Giao Cục An toàn thông tin:"), or from a heading that names a unit
("1. Văn phòng Bộ:"). Items under a task-bearing heading or a lead-in are tasks even with no
actor; plain paragraphs without one are context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import rules
from .actors import (
    PLACE_TYPES,
    Subject,
    answers_for,
    canonical_agency,
    clause_of_work,
    cue_length,
    directing_leader,
    exhorts,
    find_leaders,
    is_vague,
    known_agency,
    opens_unit,
    parse_subject,
    reports_on_work,
    starts_with_action,
    title_length,
    tokens,
    unit_at,
    vocab,
    without_openers,
)
from .deadlines import (
    DeadlineMatch,
    find_deadline,
    find_heading_deadline,
    find_recurrence,
    parse_deadline,
)
from .models import Decision, Section, Span, Task
from .segment import Block, Segmented, field_label
from .text import fold

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])|(?<=[.!?][\"”])\s+(?=[A-ZĐÀ-Ỹ])|(?<=\.\))\s+")
SEMICOLON = re.compile(r";(?:\s+|[-–]\s*)")  # and a scan's ";-" for "; "
COOP = re.compile(r"\bphối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+", re.IGNORECASE)


@dataclass
class LeadIn:
    owner: str | None
    co_owners: list[str]
    directed_by: str | None
    outer: set[str]       # item styles at or above the lead-in's level: one of them ends it
    line: int
    rule: str
    absorbed: set[int] = field(default_factory=set)  # items already folded into the lead-in's own task


@dataclass
class _Draft:
    owner: str | None
    co_owners: list[str]
    directed_by: str | None
    action: str
    block: Block
    decisions: list[Decision] = field(default_factory=list)
    deadline: DeadlineMatch | None = None


def extract_tasks(seg: Segmented, lines: list[str], overlays: tuple[str, ...] = ()) -> list[Task]:
    cfg = rules.load("extract", overlays)
    leaders = find_leaders(lines, overlays)
    drafts: list[_Draft] = []
    lead: LeadIn | None = None
    section_leader: tuple[int | None, str] | None = None
    section_of_lead: int | None = None
    styles_seen: set[str] = set()
    asked, asking = addressee(seg, overlays)
    for index, block in enumerate(seg.blocks):
        if block.section != section_of_lead:
            lead, section_leader, section_of_lead, styles_seen = None, None, block.section, set()
            heading = seg.sections[block.section].heading if block.section is not None else None
            if heading and (only := _only_directs(heading.rstrip(" :") + ":", leaders, overlays)):
                section_leader = (block.section, only)  # "4. Thứ trưởng X yêu cầu:" over the items
        next_block = seg.blocks[index + 1] if index + 1 < len(seg.blocks) else None
        text = _clean_block_text(block.text)
        if block.kind == "row":
            drafts.append(_row_draft(block, seg, overlays))
            continue
        labelled = field_label(text, overlays)
        if labelled:
            target = _labelled_target(drafts, seg, index, overlays)
            if target is not None:
                if target not in drafts:
                    drafts.append(target)
                _apply_label(target, *labelled, block, seg, overlays)
                continue
        if lead and (block.kind == "para" or block.style in lead.outer):
            lead = None
        if block.style and not lead:
            styles_seen.add(block.style)
        if lead and id(block) in lead.absorbed or block is asking:
            continue
        opens_items = text.endswith(":") and next_block is not None and next_block.kind == "item" \
            and next_block.section == block.section
        sentences = _sentences(text)
        if text.endswith(":") and (only := _only_directs(text, leaders, overlays)):
            section_leader = (block.section, only)
            sentences, opens_items = sentences[:-1], False  # what comes before is context or work
            if not sentences:
                continue
        inherited_leader = (lead.directed_by if lead and lead.directed_by else
                            section_leader[1] if section_leader else None)
        context = _Context(seg, block, lead, inherited_leader, leaders, cfg, overlays, asked)
        block_drafts = _block_tasks(sentences, context)
        if opens_items and not block_drafts and _leadin_is_work(sentences[-1], context):
            block_drafts = [_leadin_draft(sentences[-1], context)]
        if opens_items:
            lead = _make_leadin(sentences[-1], block, context, set(styles_seen))
            if lead.rule == "content" or block_drafts and _only_leads(block_drafts[-1].action, overlays):
                block_drafts = block_drafts[:-1]  # the items are the work
            elif block_drafts and block_drafts[-1].owner and _steps_only(seg.blocks, index, overlays):
                # "Cục X xây dựng Chỉ thị về …:" + bullets: the bullets spell out that one piece of work
                items = _items_below(seg.blocks, index)
                block_drafts[-1].action = block_drafts[-1].action.rstrip(" :") + ": " + "; ".join(
                    _clean_block_text(b.text).rstrip(" .;") for b in items)
                lead.absorbed = {id(b) for b in items}
        drafts.extend(block_drafts)
    names = defined_names("\n".join(lines), overlays)
    for d in drafts:
        d.owner = spell_out(d.owner, names)
        d.co_owners = [spell_out(u, names) for u in d.co_owners]
    return [_finish(i + 1, d, seg, lines, overlays) for i, d in enumerate(drafts)]


@dataclass
class _Context:
    seg: Segmented
    block: Block
    lead: LeadIn | None
    leader: str | None
    leaders: dict[str, str]
    cfg: dict
    overlays: tuple[str, ...]
    addressee: str | None = None

    @property
    def section(self) -> Section | None:
        return self.seg.sections[self.block.section] if self.block.section is not None else None


def _clean_block_text(text: str) -> str:
    """One line; "./." closes as "."; a scan's specks after a closing colon go ("sau: -."), and a
    colon after a sentence's end is a speck itself ("… ngày 31/10/2025. :")."""
    text = re.sub(r"\s*\./\.\s*$", ".", " ".join(text.split())).strip()
    text = re.sub(r"(?<=[.;])\s*:$|(?<=\d/\d{4}):$", "", text)  # "… trước ngày 31/7/2022:" too
    return re.sub(r":[\s\-–.,'’`~_°*]+$", ":", text)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _only_directs(text: str, leaders, overlays) -> str | None:
    """ "Thứ trưởng Nguyễn Huy Dũng chỉ đạo:", "Xét đề nghị của …, Thủ tướng Chính phủ … có ý kiến
    chỉ đạo như sau:": a leader handing the items below, nothing else."""
    sentence = _sentences(text)[-1] if text.strip() else text
    found = directing_leader(sentence, leaders, overlays)
    if not found:
        return None
    tail = re.sub(r"\s+(?:như\s+)?sau\s*:$", ":", sentence[found[1]:]).split(None, 2)
    return found[0] if len(tail) <= 2 and sentence[:found[1]].rsplit(", ", 1)[-1].count(" ") <= 9 else None


def _inline_labels(sentence: str, overlays) -> list[tuple[str, str]]:
    """A sentence of labelled fields naming who does the work before it, split at ";"."""
    labels: list[tuple[str, str]] = []
    for part in (p for p in SEMICOLON.split(sentence.rstrip(" .")) if p.strip()):
        if label := field_label(part, overlays):
            labels.append(label)
        elif labels:  # "Cơ quan phối hợp: Văn phòng UBND huyện; các xã": the list goes on past a ";"
            labels[-1] = (labels[-1][0], f"{labels[-1][1]}; {part.strip()}")
        else:
            return []
    return labels if any(role in ("owner", "co_owners") for role, _ in labels) else []


_DATED_ACCOUNT = re.compile(r"(?:Vào\s+)?[Nn]gày\s+\d{1,2}(?:/\d{1,2}|\s+tháng)[^,]{0,30},")


def _block_tasks(sentences: list[str], ctx: _Context) -> list[_Draft]:
    drafts: list[_Draft] = []
    block = ctx.block
    pending_deadline: DeadlineMatch | None = None
    for n, sentence in enumerate(sentences):
        if not drafts and _DATED_ACCOUNT.match(sentence):
            continue  # "Ngày 10/6/2024, Chủ tịch … làm việc với …": what happened, not work asked
        if _formula(sentence, ctx):
            continue
        if drafts and (labels := _inline_labels(sentence, ctx.overlays)):
            for role, value in labels:  # "… . Cơ quan chủ trì: Sở Công Thương; cơ quan phối hợp: Sở Tài chính."
                _apply_label(drafts[-1], role, value, block, ctx.seg, ctx.overlays)
            continue
        only_deadline = find_deadline(sentence, doc_date=ctx.seg.doc_date, overlays=ctx.overlays)
        if only_deadline and only_deadline.start <= 2 and drafts:
            pending_deadline = only_deadline
            for d in drafts:
                d.deadline = d.deadline or only_deadline
            continue
        subject = _label_subject(sentence, ctx) if n == 0 and block.kind == "item" else None
        inherited_owner = _handed_down(ctx)
        if subject is None and inherited_owner and starts_with_action(_strip_cue(sentence, ctx.overlays), ctx.overlays):
            subject = parse_subject(sentence, ctx.overlays)  # imperative: the actor is the one handed down
        else:
            subject = subject or _find_subject(sentence, ctx.overlays)
        leader = directing_leader(sentence, ctx.leaders, ctx.overlays)
        if subject is None and drafts:  # a further sentence about the same work, or commentary
            if not _continues_work(sentence, ctx):
                continue
            if _adds_work(sentence, ctx):  # "… Đồng thời, chủ trì kiểm tra …": more work, same actor
                drafts.append(_more_work(sentence, drafts[-1], ctx))
                continue
            drafts[-1].action = f"{drafts[-1].action.rstrip('.')}. {_cut_deadline(sentence, ctx)}".strip()
            continue
        handed_on = _cues(ctx.overlays).later.search(sentence)  # "Chủ tịch đồng ý về chủ trương; giao Sở X …"
        first_of_sentence = len(drafts)
        for clause_no, clause in enumerate(_clauses(sentence, subject is not None or _inherits(ctx, n) or bool(handed_on),
                                                    ctx.overlays)):
            sub = subject if clause_no == 0 else (parse_subject(clause, ctx.overlays, allow_cue=False)
                                                  or _cued_subject(clause, ctx.overlays))
            draft = _draft_for(clause, sub, n == 0 and clause_no == 0, ctx, drafts, leader)
            if draft is None:
                if drafts and clause_no == 0:
                    drafts[-1].action = f"{drafts[-1].action}. {clause}" if not drafts[-1].action.endswith(":") \
                        else f"{drafts[-1].action} {clause}"
                continue
            draft.action, draft.deadline = _own_deadline(draft.action, clause, ctx)
            drafts.append(draft)
            _share_closing_date(drafts[first_of_sentence:], clause, ctx.overlays)
    if pending_deadline is None and drafts and not any(d.deadline for d in drafts):
        whole = find_deadline(" ".join(sentences), doc_date=ctx.seg.doc_date, overlays=ctx.overlays)
        if whole:
            for d in drafts:
                d.deadline = whole
                d.action = _cut(d.action, whole.text)
    return _who_leads_the_work_before(drafts, ctx)


def _share_closing_date(drafts: list[_Draft], clause: str, overlays) -> None:
    """ "Rà soát …; cắm biển cảnh báo …, hoàn thành trong tháng 7/2025.": a completion clause set off
    by a comma at the sentence's end closes all the work the sentence lists, not only the last;
    so does the date of a report on it ("Rà soát …; báo cáo UBND tỉnh trước ngày 31/3/2025")."""
    last = drafts[-1].deadline if len(drafts) > 1 else None
    if last is None:
        return
    closing = last.rule == "complete-by" and not clause[last.end:].strip(" .;") \
        and re.match(r",\s*(?:hoàn thành|thực hiện xong)", clause[max(0, last.start - 2):last.end])
    if not closing and not reports_on_work(clause, overlays):
        return
    rule = "the completion clause closing the sentence" if closing else "the date of the report on it"
    for d in drafts[:-1]:
        if d.deadline is None:
            d.deadline = last
            d.decisions.append(Decision(what="deadline", rule=rule, value=last.iso, line=d.block.line_start))


def _who_leads_the_work_before(drafts: list[_Draft], ctx: _Context) -> list[_Draft]:
    """ "Xây dựng quy chế …. Giao Sở Công Thương chủ trì, phối hợp với Công an tỉnh thực hiện, hoàn
    thành trước …": the second sentence names who does the first one's work, and when."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and prev.owner is None and d.owner and \
                _only_leads(re.sub(r"[,\s]*(?:thực hiện|triển khai)$", "", d.action.strip(" .")), ctx.overlays):
            prev.owner, prev.co_owners = d.owner, d.co_owners
            prev.deadline = prev.deadline or d.deadline
            prev.decisions += d.decisions
            continue
        out.append(d)
    return out


LEADS_WITH = re.compile(r"\s+chủ\s+trì\s*(?:[,;]\s*(?:và\s+)?phối\s+hợp\b.*)?$", re.IGNORECASE)
LABEL = re.compile(r"^(?P<label>[^:;.]{3,100}):\s+(?=\S)")
DEADLINE_LABEL_END = re.compile(r"(?<!\w)(?:thời\s+hạn|thời\s+gian|hạn)(?:\s+hoàn\s+thành|\s+thực\s+hiện)?\s*$", re.IGNORECASE)


def _label_subject(sentence: str, ctx: _Context) -> Subject | None:
    """ "- Các cơ quan báo chí, xuất bản: Làm tốt …": an item labelled with the units it addresses."""
    m = LABEL.match(sentence)
    if not m:
        return None
    label = m.group("label").strip()
    toks = tokens(label)
    found = unit_at(toks, 0, vocab(ctx.overlays)) if toks else None
    if not found or starts_with_action(label, ctx.overlays):
        return None
    if DEADLINE_LABEL_END.search(label):
        return None  # "Sở Xây dựng kiểm tra …, thời gian hoàn thành: tháng 8/2025": a deadline's colon
    owner = canonical_agency(label, ctx.overlays)
    return None if is_vague(owner, ctx.overlays) else Subject(owner, [], m.end(), "label before the colon")


def _continues_work(sentence: str, ctx: _Context) -> bool:
    """A further sentence goes on with the work unless it is a remark ("Đây là …", "Trung tâm này sẽ
    được …"): remarks open with a pointer word or say what something is or will be."""
    lowered = sentence.lower()
    if lowered.startswith(tuple(ctx.cfg["remark_openers"])):
        return False
    head = " ".join(lowered.split()[:7])
    return not re.search(r"\b(là|sẽ được|được coi|có thể là)\b", head) or starts_with_action(sentence, ctx.overlays)


def _adds_work(sentence: str, ctx: _Context) -> bool:
    """A sentence opening with a linking word ("Đồng thời,", "Ngoài ra,") and then work with a
    deadline of its own: a task of its own, which the work before must not take the date of."""
    work = without_openers(sentence, ctx.overlays)
    return work != sentence and starts_with_action(work, ctx.overlays) \
        and find_deadline(work, doc_date=ctx.seg.doc_date, overlays=ctx.overlays) is not None


def _more_work(sentence: str, prev: _Draft, ctx: _Context) -> _Draft:
    work = without_openers(sentence, ctx.overlays)
    action, deadline = _own_deadline(work, work, ctx)
    decision = Decision(what="owner", rule="same actor as the sentence before", value=prev.owner, line=ctx.block.line_start)
    return _Draft(prev.owner, list(prev.co_owners), prev.directed_by, action.rstrip(" ."), ctx.block, [decision], deadline)


def _own_deadline(action: str, clause: str, ctx: _Context) -> tuple[str, DeadlineMatch | None]:
    """The deadline a clause sets, and its action without it ("…, hoàn thành trước ngày 30/4/2023.")."""
    deadline = find_deadline(clause, doc_date=ctx.seg.doc_date, overlays=ctx.overlays)
    if deadline:
        action = _cut(action, deadline.text)
        if not clause[deadline.end:].strip(" .;,"):
            action = _drop_suffix(action, clause[deadline.start:])
    return action, deadline


def _cut_deadline(sentence: str, ctx: _Context) -> str:
    found = find_deadline(sentence, doc_date=ctx.seg.doc_date, overlays=ctx.overlays)
    return _cut(sentence, found.text).strip() if found else sentence


def _inherits(ctx: _Context, n: int) -> bool:
    return n == 0 and (_item_is_task(ctx) or _handed_down(ctx) is not None and _starts_work(ctx.block.text, ctx))


def _clauses(sentence: str, split: bool, overlays: tuple[str, ...]) -> list[str]:
    """After "; ", a clause with its own actor or its own work is a task of its own; an
    exhortation ("nỗ lực …") or a clause without a verb of work goes on with the same work, and
    one saying who answers for it is left out."""
    if not split:
        return [sentence]
    parts = SEMICOLON.split(sentence)
    out = [parts[0]]
    for part in parts[1:]:
        if answers_for(part, overlays):
            continue  # "…; Chủ tịch UBND cấp huyện chịu trách nhiệm trước …": neither work nor part of it
        work = len(part) > 30 and len(out[-1]) > 30 and clause_of_work(RECURRING_OPENER.sub("", part), overlays) \
            and not exhorts(out[-1], overlays) and not _only_deadline(part, overlays)
        if work or parse_subject(part, allow_cue=False):
            out.append(part)
        else:
            out[-1] = f"{out[-1]}; {part}"
    return [piece for clause in out for piece in _split_recurring(clause)]


def _only_deadline(clause: str, overlays) -> bool:
    """ "…; hoàn thành trước ngày 30/4/2023": the deadline of the work before, no work of its own."""
    found = find_deadline(clause, overlays=overlays)
    rest = DONE_WORDS.sub(" ", clause.replace(found.text, " ") if found else clause).strip(" .;,")
    return len(rest) < 12 or rest.lower().startswith(("khi ", "sau khi "))  # "hoàn thành trước khi Đoàn … đến"


RECURRING_OPENER = re.compile(r"^(?:(?:định kỳ|hàng|hằng)\s+)+(?:\d+\s+)?(?:(?:ngày|tuần|tháng|quý|năm)\s*,?\s+)?"
                              r"(?:(?:và|,)\s*(?:hàng\s+|hằng\s+)?(?:ngày|tuần|tháng|quý|năm)\s*,?\s+)?",
                              re.IGNORECASE)  # "định kỳ 6 tháng và hằng năm tổng hợp …": the work, not its rhythm
DONE_WORDS = re.compile(r"(?:bảo đảm|đảm bảo|phải|cần)?\s*(?:hoàn thành|thực hiện xong|xong)|\b(?:trước|trong|chậm nhất)\b",
                        re.IGNORECASE)
DUTY_IS = re.compile(r"^(?:Các\s+)?nhiệm vụ\b[^,.;:]{0,80}?\s+là\s+", re.IGNORECASE)
RECURRING_DUTY = re.compile(r",\s+(?=(?:hàng|hằng|định kỳ)\s+(?:ngày|tuần|tháng|quý|năm)\s+\S)", re.IGNORECASE)


def _split_recurring(clause: str) -> list[str]:
    """ "… hoàn thiện bộ công cụ, hàng quý công bố kết quả": a recurring duty after a one-off one
    is a task of its own (with its recurrence)."""
    pieces = RECURRING_DUTY.split(clause, maxsplit=1)
    if len(pieces) == 2 and starts_with_action(RECURRING_OPENER.sub("", pieces[1])) and len(pieces[0]) > 30:
        return pieces
    return [clause]


def _find_subject(sentence: str, overlays) -> Subject | None:
    subject = parse_subject(sentence, overlays)
    if subject:
        return subject
    if (m := ACRONYM_ACTS.match(sentence)) and starts_with_action(sentence[m.end():], overlays):
        return Subject(m.group(1), [], m.end(), "acronym")  # "NSMO hoàn thiện …": spelt out below when defined
    cfg = rules.load("extract", overlays)
    for m in re.finditer(r"[,:;]\s+", sentence[:400]):
        rest = sentence[m.end():]
        sub = parse_subject(rest, overlays)
        if sub and _introduces(sentence[:m.start()], rest, sub, cfg, overlays):
            sub.action_start += m.end()
            return sub
    return None


def _introduces(prefix: str, rest: str, sub: Subject, cfg: dict, overlays) -> bool:
    """The text before a comma only frames the sentence ("Đối với …, yêu cầu Sở …"; "Về việc …: Vụ …"),
    or the units after it are urged to act ("…, các cơ quan thuộc Bộ khẩn trương xây dựng …")."""
    folded = fold(prefix)
    v = vocab(overlays)
    cue_next = any(rest.lower().startswith(" ".join(c)) for c in v.cues)
    framing = re.match(r"^(doi voi|ve|trong|ngoai ra|tiep theo|dong thoi|de|nham|theo|tai|linh vuc|trong linh vuc|"
                       r"ve linh vuc|truong hop|sau khi|khi|neu|tren co so|ngay|tu|nam|den|truoc|hien nay|thoi gian toi|do|vi|boi vi|can cu)\b",
                       folded) if " la " not in f" {folded} " else None
    leader = re.search(r"(bo truong|thu truong|thu tuong|chu tich|giam doc)[^,]*\b(yeu cau|chi dao|de nghi|giao)$", folded)
    urged = rest[sub.action_start:].lower().startswith(tuple(cfg["imperative_markers"])) or \
        any(m in rest[:sub.action_start].lower() for m in (" cần ", " phải ", " có trách nhiệm "))
    return bool(cue_next or framing or leader or urged)


def _draft_for(clause: str, subject: Subject | None, first: bool, ctx: _Context, drafts: list[_Draft],
               leader: tuple[str, int] | None) -> _Draft | None:
    block = ctx.block
    decisions: list[Decision] = []
    directed_by = leader[0] if leader else ctx.leader
    if leader:
        decisions.append(Decision(what="directed_by", rule="leader directs in the sentence", value=leader[0],
                                  line=block.line_start))
    elif directed_by:
        decisions.append(Decision(what="directed_by", rule="leader's lead-in above", value=directed_by,
                                  line=ctx.lead.line if ctx.lead else block.line_start))
    if subject:
        owner, co = subject.owner, list(subject.co_owners)
        inherited = _handed_down(ctx)
        if inherited and (owner is None or _same_unit(owner, inherited)):
            owner = inherited
        elif owner is None and ctx.lead is None and not (subject.rule.endswith("directive cue")
                                                         and first_words_cue(clause, ctx.overlays)):
            return None  # "các đơn vị …" with no one to stand for them and no one asking
        action = clause[subject.action_start:]
        decisions.append(Decision(what="owner", rule=f"named in the sentence ({subject.rule})", value=owner,
                                  line=block.line_start))
    elif not first and drafts:
        clause = without_openers(clause, ctx.overlays)
        if not starts_with_action(RECURRING_OPENER.sub("", clause), ctx.overlays):
            return None
        prev = drafts[-1]
        owner, co, action = prev.owner, list(prev.co_owners), clause
        decisions.append(Decision(what="owner", rule="same actor as the clause before", value=owner, line=block.line_start))
    elif first and (ctx.lead or _item_is_task(ctx) or (_heading_owner(ctx) or ctx.addressee) and _starts_work(clause, ctx)):
        owner = _handed_down(ctx)
        co = list(ctx.lead.co_owners) if ctx.lead else _heading_co_owners(ctx)
        action = _strip_cue(clause, ctx.overlays)
        rule = ("lead-in above" if ctx.lead else "heading names the unit" if owner else "item under a task heading")
        decisions.append(Decision(what="owner", rule=rule, value=owner,
                                  line=ctx.lead.line if ctx.lead else (ctx.section.line if ctx.section else None)))
        if not owner and not starts_with_action(_work_text(action, ctx.overlays), ctx.overlays):
            return None
    elif first and ctx.block.kind == "item" and (m := DUTY_IS.match(clause)) and starts_with_action(clause[m.end():]):
        # "- Nhiệm vụ trọng tâm trong năm 2022 là xây dựng …": the work is named after "là"
        owner, co, action = _handed_down(ctx), [], clause[m.end():]
        decisions.append(Decision(what="owner", rule="work named as a duty ('nhiệm vụ … là …')", value=owner,
                                  line=block.line_start))
    else:
        return None
    if leader and leader[1] < len(clause) and directed_by and action.rstrip(" :").endswith(
            clause[leader[1]:].rstrip(" :")):
        action = _drop_leader_tail(action)
    co = _merge_units(co, _coop_units(action, ctx.overlays), owner)
    action = action.strip(" ,;:.-–")
    if not action or _only_a_cue(action, ctx.overlays):
        return None  # "…, Bộ Y tế đề nghị:": a lead-in whose addressees and work come below
    return _Draft(owner, co, directed_by, action, block, decisions)


def _only_a_cue(action: str, overlays: tuple[str, ...]) -> bool:
    return fold(action) in {fold(cue) for cue in rules.load("extract", overlays)["directive_cues"]}


def first_words_cue(clause: str, overlays) -> bool:
    """The sentence opens by asking ("Yêu cầu …", "Đề nghị …", "Bộ trưởng yêu cầu …"), not by
    framing ("Đối với …, đề nghị …")."""
    v = vocab(overlays)
    lowered = clause.lower()
    return any(lowered.startswith(" ".join(c) + " ") for c in v.cues) or bool(LEADER_ASKS.match(clause))


LEADER_ASKS = re.compile(r"^(?:Phó\s+)?(?:Bộ trưởng|Thứ trưởng|Thủ tướng|Chủ tịch(?:\s+UBND\s+\S+)?|Giám đốc)"
                         r"(?:\s+[A-ZĐÀ-Ỹ]\w*){0,4}\s+(?:yêu cầu|đề nghị|giao)\s", re.UNICODE)


@lru_cache(maxsize=16)
def _frame_and_role(overlays: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    cfg = rules.load("extract", overlays)
    frames = "|".join(re.escape(w) for w in sorted(cfg["frame_openers"], key=len, reverse=True))
    roles = "|".join(re.escape(w) for w in sorted(cfg["role_openers"], key=len, reverse=True))
    return (re.compile(rf"^(?:{frames})\s[^,;:]{{3,80}},\s+", re.IGNORECASE),
            re.compile(rf"^(?:{roles})\s*,?\s*", re.IGNORECASE))


def _work_text(text: str, overlays: tuple[str, ...]) -> str:
    """Where an item's work begins: past a frame ("Đối với …,", "Trong mùa mưa,") and a role
    ("Là cơ quan thường trực, chủ trì theo dõi …")."""
    frame, role = _frame_and_role(overlays)
    return role.sub("", frame.sub("", text))


def _item_is_task(ctx: _Context) -> bool:
    """An item without an actor is work when it opens with an imperative ("- Đẩy nhanh …"), unless
    its heading is about aims or background ("Mục tiêu", "Tình hình") or it says what something is."""
    if ctx.block.kind != "item":
        return False
    if ctx.lead is not None:
        return True
    if ctx.block.style == "article":  # "Điều 1. Ban hành …" enacts; it hands no work to anyone
        return False
    text = _work_text(ctx.block.text, ctx.overlays)  # "- Đối với các dự án đã hoàn thành, chỉ đạo …"
    if not starts_with_action(text, ctx.overlays) or re.search(r"\blà\b", " ".join(text.split()[:6])):
        return False
    headings = [fold(s.heading or "") for s in _section_chain(ctx)]
    return not any(re.search(rf"\b{re.escape(fold(w))}\b", h) for h in headings for w in ctx.cfg["context_headings"])


def _section_chain(ctx: _Context) -> list[Section]:
    chain, index = [], ctx.block.section
    while index is not None:
        chain.append(ctx.seg.sections[index])
        index = ctx.seg.parents[index]
    return chain


def _starts_work(text: str, ctx: _Context) -> bool:
    return starts_with_action(_strip_cue(text, ctx.overlays), ctx.overlays)




def _cued_subject(clause: str, overlays) -> Subject | None:
    """ "giao Sở Giao thông vận tải chủ trì …" after a semicolon: a unit handed work by name."""
    work = without_openers(clause, overlays)  # "đồng thời đề nghị UBND huyện …"
    subject = parse_subject(work, overlays) if _cues(overlays).hand.match(work) else None
    if not subject or not subject.owner:
        return None
    return Subject(subject.owner, subject.co_owners, subject.action_start + len(clause) - len(work), subject.rule)


def _formula(sentence: str, ctx: _Context) -> bool:
    """Formulas ask for no work of their own: the account of the meeting ("Sau khi nghe Cục X báo
    cáo …, Bộ trưởng kết luận như sau:"), the closing "… đề nghị UBND các tỉnh quan tâm, chỉ đạo
    thực hiện./.", "Trong quá trình thực hiện, nếu có vướng mắc, … phản ánh về …", and the
    issuer saying what it will do itself ("Bộ Tài chính sẽ tổng hợp, báo cáo …")."""
    if fold(sentence).lower().startswith(tuple(fold(w) for w in ctx.cfg.get("closing_conditions", [])
                                               + ctx.cfg.get("account_openers", []))):
        return True
    cue = _cues(ctx.overlays).hand.search(sentence)
    asked = sentence[cue.start():] if cue else sentence
    subject = parse_subject(asked, ctx.overlays)
    if subject and subject.owner:
        work = re.split(r"[\s,./]+", fold(asked[subject.action_start:]).lower())
        empty = {w for phrase in ctx.cfg.get("empty_work_words", []) for w in fold(phrase).lower().split()}
        if all(w in empty for w in work if w):
            return True
    subject = _find_subject(sentence, ctx.overlays)
    issuer = fold(ctx.seg.meta.issuer or "").lower()
    if not (subject and subject.owner and issuer):
        return False
    owner = fold(subject.owner).lower()
    if not (owner == issuer or issuer.startswith(owner + " ") or owner.startswith(issuer + " ")):
        return False
    # the issuer's own future work ("sẽ tổng hợp …"), its enacting this very plan ("ban hành Kế hoạch …"),
    # or what it does in the paragraph giving the grounds ("Căn cứ …; để …, Sở GDĐT tổ chức khảo sát …")
    grounds = tuple(fold(w) for w in rules.load("document", ctx.overlays).get("preamble_openers", []))
    return fold(sentence[:subject.action_start]).lower().split()[-1:] == ["se"] or \
        fold(sentence[subject.action_start:]).lower().startswith("ban hanh ") or \
        fold(ctx.block.text).lower().startswith(grounds)


def _heading_co_owners(ctx: _Context) -> list[str]:
    section = ctx.section
    return heading_units(section.heading, ctx.overlays)[1:] if section and section.heading else []


def _handed_down(ctx: _Context) -> str | None:
    """The actor work without its own subject falls to: the lead-in's, the heading's, or the
    letter's addressee ("Bộ Tài chính đề nghị UBND các tỉnh … thực hiện một số nội dung sau:")."""
    if ctx.lead:
        return ctx.lead.owner
    return _heading_owner(ctx) or ctx.addressee


def addressee(seg: Segmented, overlays) -> tuple[str | None, Block | None]:
    """The unit the opening request of a letter or notice asks to carry out what follows, and
    the paragraph asking (it hands work down; it is none itself)."""
    found, asking = None, None
    for block in seg.blocks:
        if block.section is not None or block.kind != "para":
            break
        text = _clean_block_text(block.text)
        cue = _cues(overlays).ask.search(text)
        if cue and text.endswith(":"):
            subject = parse_subject(text[cue.start():], overlays)
            if subject and subject.owner and subject.rule == "directive cue":
                found, asking = subject.owner, block
    return found, asking


@dataclass(frozen=True)
class _CueWords:
    hand: re.Pattern   # words handing work to the unit after them ("đề nghị", "yêu cầu", "giao")
    ask: re.Pattern    # those a letter asks with ("đề nghị", "yêu cầu"): a letter does not "giao"
    later: re.Pattern  # one of them after "; ", handing on work of its own


@lru_cache(maxsize=16)
def _cues(overlays: tuple[str, ...]) -> _CueWords:
    cfg = rules.load("extract", overlays)
    hand = "|".join(sorted((re.escape(w) for w in cfg["request_cues"] + cfg["assign_cues"]), key=len, reverse=True))
    ask = "|".join(sorted((re.escape(w) for w in cfg["request_cues"]), key=len, reverse=True))
    return _CueWords(re.compile(rf"\b(?:{hand})\s", re.IGNORECASE), re.compile(rf"\b(?:{ask})\s", re.IGNORECASE),
                     re.compile(rf";\s+(?:{hand})\s", re.IGNORECASE))


def _heading_owner(ctx: _Context) -> str | None:
    section = ctx.section
    if section is None or not section.heading:
        return None
    return heading_unit(section.heading, ctx.overlays)


def heading_unit(heading: str, overlays=()) -> str | None:
    """ "Văn phòng Bộ", "Sở TTTT các tỉnh, thành phố … và các cơ quan …": a heading that is a unit,
    maybe after a directive cue ("Giao Cục Y tế dự phòng:", "Đề nghị Sở Y tế các tỉnh:")."""
    toks = tokens(heading)
    start = cue_length(toks, overlays)
    if [t.word for t in toks[start:start + 2]] == ["doi", "voi"]:
        start += 2  # "1. Đối với Ủy ban nhân dân các huyện": the unit the items below are for
    start += title_length(toks, start, overlays)
    found = unit_at(toks, start, vocab(overlays)) if toks else None
    if not found:
        return None
    end, name = found
    rest = fold(" ".join(t.text for t in toks[end:]))
    if rest and not rest.startswith("va ") and not toks[end - 1].text.endswith(";"):
        listed = heading_units(heading, overlays)
        return listed[0] if listed else None
    if is_vague(name, overlays):  # "Các sở, ban, ngành; UBND các huyện": the first one named
        named = _split_units(heading, overlays)
        return named[0] if named else None
    return name


def heading_units(heading: str, overlays=()) -> list[str]:
    """ "Sở Thông tin và Truyền thông, Báo Cần Thơ, Đài Phát thanh và Truyền hình thành phố":
    a heading that only lists units names them all (the first leads); else none. Their heads
    stand for them: "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện"."""
    if lead := LEADS_WITH.search(heading):  # "Giao Sở Tài chính chủ trì, phối hợp Sở Xây dựng, Sở Tư pháp"
        leading = heading_units(heading[:lead.start()], overlays)
        return leading[:1] + _coop_units(heading[lead.start():], overlays) if len(leading) == 1 else []
    toks = tokens(heading)
    v = vocab(overlays)
    k, names = cue_length(toks, overlays), []
    while k < len(toks):
        k += title_length(toks, k, overlays)
        found = unit_at(toks, k, v, in_list=bool(names))
        if not found:
            return []
        k, name = found
        names.append(name)
        if k < len(toks) and toks[k].word == "va":
            k += 1
        elif k < len(toks) and not toks[k - 1].text.endswith((",", ";")):
            return []
    return [n for n in names if not is_vague(n, overlays)]


def _same_unit(named: str, inherited: str) -> bool:
    a, b = fold(named), fold(inherited)
    a = re.sub(r"^(cac|nhung) ", "", a)
    return a == b or b.startswith(a) or a.startswith(b)


def _strip_cue(text: str, overlays) -> str:
    v = vocab(overlays)
    lowered = text.lower()
    for cue in v.cues:
        phrase = " ".join(cue)
        if lowered.startswith(phrase + " "):
            return text[len(" ".join(text.split()[:len(cue)])):].strip()
    return text


def _drop_leader_tail(action: str) -> str:
    return re.sub(r"\s*(?:,\s*)?do\s+\S+(?:\s+\S+){0,6}?\s+(?:phụ trách\s+)?chỉ đạo\s*:?\s*$", "", action)


def _coop_units(action: str, overlays) -> list[str]:
    """Units after "phối hợp (với)": the co-owners. Vague groups are dropped."""
    out: list[str] = []
    v = vocab(overlays)
    for m in COOP.finditer(action):
        rest = action[m.end():]
        toks = tokens(rest)
        i = 0
        listed = re.match(r"^các\s+(Cục|Vụ|Sở|Bộ|đơn vị)\s*:\s*", rest)
        if listed:
            head = listed.group(1)
            names = re.match(r"^([^.;]*?)(?=\s+[a-zà-ỹđ]{2,}\s|$)", rest[listed.end():])
            for abbr in re.split(r"\s*,\s*|\s+và\s+", names.group(1) if names else ""):
                if abbr:
                    out.append(_canonical_listed(head, abbr, overlays))
            continue
        while i < len(toks):
            found = unit_at(toks, i, v)
            if not found:
                break
            i, name = found
            if not is_vague(name, overlays):
                out.append(name)
            if i < len(toks) and (toks[i - 1].text.endswith(",") or toks[i].word == "va"):
                i += 1 if toks[i].word == "va" else 0
                continue
            break
    return out


def _canonical_listed(head: str, abbr: str, overlays) -> str:
    return canonical_agency(f"{head} {abbr.strip()}", overlays)


def _merge_units(first: list[str], more: list[str], owner: str | None) -> list[str]:
    out: list[str] = []
    for name in first + more:
        if name and name != owner and name not in out:
            out.append(name)
    return out


def _leadin_is_work(sentence: str, ctx: _Context) -> bool:
    """ "1. Thành lập bộ chỉ huy … do Thứ trưởng X phụ trách chỉ đạo:" is work itself, unlike
    "Giao Cục X:" (nothing but an actor) or "… theo hướng:" (content follows)."""
    if any(fold(sentence).rstrip(" :").endswith(fold(w)) for w in ctx.cfg["content_leadins"]):
        return False
    if _hands_over(sentence, ctx.overlays):
        return False
    return starts_with_action(_strip_cue(sentence, ctx.overlays), ctx.overlays)


def _hands_over(sentence: str, overlays) -> bool:
    """ "…, Cục X đề nghị các đơn vị:" hands the items below to someone; it is not work itself."""
    words = sentence.rstrip(" :").split()
    v = vocab(overlays)
    tail = [w.lower().strip(",;") for w in words[-8:]]
    for n in range(len(tail) - 1):
        for cue in v.cues:
            if tuple(tail[n:n + len(cue)]) == cue and n + len(cue) < len(tail):
                return True
    return False


def _leadin_draft(sentence: str, ctx: _Context) -> _Draft:
    owner = _handed_down(ctx)
    action = _drop_leader_tail(_strip_cue(sentence, ctx.overlays)).strip(" :")
    decisions = [Decision(what="owner", rule="lead-in that is work itself; actor from above", value=owner,
                          line=ctx.block.line_start)]
    leader = directing_leader(sentence, ctx.leaders, ctx.overlays)
    directed = leader[0] if leader else ctx.leader
    return _Draft(owner, [], directed, action, ctx.block, decisions)


def _items_below(blocks: list[Block], index: int) -> list[Block]:
    out = []
    for block in blocks[index + 1:]:
        if block.kind != "item" or block.section != blocks[index].section:
            break
        out.append(block)
    return out


def _steps_only(blocks: list[Block], index: int, overlays) -> bool:
    """Items with neither their own actor nor their own deadline are steps of the lead-in's work."""
    items = _items_below(blocks, index)
    return bool(items) and all(
        not find_deadline(b.text, overlays=overlays) and not parse_subject(b.text, overlays, allow_cue=False)
        for b in items)


def _letter_recipients(ctx: _Context, end: int) -> Subject:
    """ "đề nghị các đơn vị …:" in a letter asks those it is addressed to ("Kính gửi: …"): the
    first named is the owner, the others co-owners, as with a joint subject."""
    named = [n for n in ctx.seg.meta.recipients if not is_vague(n, ctx.overlays)]
    if not named:
        return Subject(None, [], end, "unnamed group asked")
    return Subject(named[0], named[1:], end, "letter's recipients")


def _only_leads(action: str, overlays) -> bool:
    """ "chủ trì, phối hợp với Sở Xây dựng:" says who leads the items below, not what to do."""
    bare = action.strip(" :")
    rest = re.sub(r"^chủ\s+trì\s*", "", bare, flags=re.IGNORECASE).lstrip(" ,;")
    if rest == bare:
        return False
    coop = COOP.match(rest)
    if not rest or not coop:
        return not rest
    toks, v, i = tokens(rest[coop.end():]), vocab(overlays), 0
    while i < len(toks) and (found := unit_at(toks, i, v, in_list=i > 0)):
        i = found[0] + (1 if found[0] < len(toks) and toks[found[0]].word == "va" else 0)
    return i >= len(toks)


def _make_leadin(sentence: str, block: Block, ctx: _Context, outer: set[str]) -> LeadIn:
    subject = _find_subject(sentence, ctx.overlays)
    if subject and (cue := _cues(ctx.overlays).hand.match(sentence[subject.action_start:])):
        # "Sở GDĐT đề nghị các đơn vị triển khai …:": the items are for those asked, not the asker
        asked = parse_subject(sentence[subject.action_start + cue.start():], ctx.overlays)
        subject = asked if asked and asked.owner else _letter_recipients(ctx, len(sentence))
    leader = directing_leader(sentence, ctx.leaders, ctx.overlays)
    content = any(fold(sentence).rstrip(" :").endswith(fold(w)) for w in ctx.cfg["content_leadins"])
    if subject is None and (named := heading_unit(sentence.rstrip(" :"), ctx.overlays)):
        subject = Subject(named, [], len(sentence), "units listed")  # "Các sở, ban, ngành; UBND các huyện:"
    owner = subject.owner if subject else _handed_down(ctx)
    co = list(subject.co_owners) if subject else []
    if subject:
        co = _merge_units(co, _coop_units(sentence[subject.action_start:], ctx.overlays), owner)
    directed = leader[0] if leader else ctx.leader
    return LeadIn(owner, co, directed, outer | ({block.style} if block.style else set()), block.line_start,
                  "content" if content else "work")


def _cut(action: str, deadline_text: str) -> str:
    """Drop the deadline clause ("Thời hạn hoàn thành: 30/7/2022") from the end of an action."""
    m = re.search(r"[,.;]?\s*\(?(?:[Tt]hời\s+hạn(?:\s+hoàn\s+thành)?|[Tt]hời\s+gian\s+hoàn\s+thành|[Hh]ạn\s+hoàn\s+thành)"
                  r"\s*:?\s*" + re.escape(deadline_text) + r".*$", action)
    if m:
        return action[:m.start()]
    return action


def _split_units(value: str, overlays) -> list[str]:
    """ "Văn phòng UBND tỉnh; Sở Tài chính, UBND các huyện" → canonical units, vague ones dropped.
    A comma or "và" separates units only when a unit's name follows ("Sở Giáo dục và Đào tạo" is one)."""
    names: list[str] = []
    for piece in re.split(r"\s*[;\n]\s*", value):
        parts = re.split(r"(\s*,\s*|\s+và\s+)", piece)
        current = parts[0]
        for sep, part in zip(parts[1::2], parts[2::2]):
            if opens_unit(part, overlays) and not _one_office(f"{current}{sep}{part}", overlays):
                names.append(current)
                current = part
            else:
                current = f"{current}{sep}{part}"
        names.append(current)
    units = [canonical_agency(n, overlays) for n in names if n.strip(" .,")]
    return [u for u in units if u and not is_vague(u, overlays)]


def _one_office(name: str, overlays) -> bool:
    """ "Văn phòng HĐND và UBND huyện": one office serving two bodies, a name the rules list, not two units."""
    return known_agency(_AFTER_THE_PLACE.sub("", name), overlays) is not None


_AFTER_THE_PLACE = re.compile(rf"\s+(?:{'|'.join(PLACE_TYPES)})\b.*$")  # "… huyện Cam Lâm": where the unit is


def _row_draft(block: Block, seg: Segmented, overlays) -> _Draft:
    """One row of a plan's table is one task: each cell says what its header says it is."""
    cells = block.cells or {}
    owners = _split_units(cells.get("owner", ""), overlays)
    owner = owners[0] if owners else None
    co = _merge_units(owners[1:], _split_units(cells.get("co_owners", ""), overlays), owner)
    draft = _Draft(owner, co, None, cells["action"].strip(" .;"), block,
                   [Decision(what="owner", rule="table column", value=owner, line=block.line_start)])
    if cells.get("deadline"):
        _apply_label(draft, "deadline", cells["deadline"], block, seg, overlays)
    return draft


def _labelled_target(drafts: list[_Draft], seg: Segmented, index: int, overlays) -> _Draft | None:
    """The task a "Cơ quan chủ trì: …" line belongs to: the item or heading just above it."""
    block = seg.blocks[index]
    j = index - 1
    while j >= 0 and field_label(_clean_block_text(seg.blocks[j].text), overlays):
        j -= 1
    above = seg.blocks[j] if j >= 0 and seg.blocks[j].section == block.section else None
    if above is not None:
        owned = [d for d in drafts if d.block is above]
        if owned:
            return owned[-1]
        text = _clean_block_text(above.text)
        return _Draft(None, [], None, _strip_cue(text, overlays).strip(" .;:"), above,
                      [Decision(what="task", rule="work with labelled fields below", line=above.line_start)])
    section = seg.sections[block.section] if block.section is not None else None
    if section is not None and section.heading:
        heading_block = Block("item", section.line, section.line, section.heading, section.number, block.section)
        return _Draft(None, [], None, section.heading, heading_block,
                      [Decision(what="task", rule="heading with labelled fields below", line=section.line)])
    return None


def _apply_label(draft: _Draft, role: str, value: str, block: Block, seg: Segmented, overlays) -> None:
    value = value.strip().rstrip(".;")
    if role == "owner":  # "Sở TTTT chủ trì, phối hợp với các doanh nghiệp viễn thông"
        lead, coop = (re.split(r"\s*,?\s*\bphối hợp(?:\s+với)?\s*", value, maxsplit=1) + [""])[:2]
        lead = re.sub(r"\s*\bchủ trì\b\s*,?$", "", lead.strip())
        if coop:
            draft.co_owners = _merge_units(draft.co_owners, _split_units(coop, overlays), None)
        owners = _split_units(lead, overlays)
        if owners:
            draft.owner = owners[0]
            draft.co_owners = _merge_units(owners[1:], draft.co_owners, draft.owner)
            draft.decisions.append(Decision(what="owner", rule="labelled field", value=draft.owner, line=block.line_start))
    elif role == "co_owners":
        draft.co_owners = _merge_units(draft.co_owners, _split_units(value, overlays), draft.owner)
    elif role == "deadline":
        iso, warnings = parse_deadline(value, doc_date=seg.doc_date, overlays=overlays)
        draft.deadline = DeadlineMatch(text=value, iso=iso, start=0, end=len(value), rule="labelled field",
                                       warnings=tuple(warnings))
    elif role == "action" and not draft.action:
        draft.action = value


def _drop_suffix(action: str, tail: str) -> str:
    tail = tail.strip(" .;,")
    idx = action.rfind(tail) if tail else -1
    if idx <= 0:
        return action
    head = action[:idx].rstrip(" ,;.-–")
    return re.sub(r"[,;]?\s*(?:và\s+)?(?:(?:bảo đảm|đảm bảo|phải|cần)\s+)?(?:hoàn thành|thực hiện xong|xong|báo cáo kết quả)$",
                  "", head).rstrip(" ,;.-–") or head


NAMED_AS = re.compile(r"\(\s*(?:sau đây|dưới đây)?\s*(?:gọi tắt là|viết tắt là|gọi chung là|gọi là)\s+[\"“]?(?P<short>[^()\"”]{2,60}?)[\"”]?\s*\)",
                      re.IGNORECASE)
ACRONYM_ACTS = re.compile(r"([A-ZĐ][A-ZĐ0-9&]{2,9})\s+")  # a body the notice names by its initials, then its work
ABBREVIATED = re.compile(r"\((?:[A-ZĐ][a-zà-ỹđ]+(?:\s[a-zà-ỹđ]+)?\s)?(?P<short>[A-ZĐ][A-ZĐ&]{1,9})\)")  # (PCTT), (Cục QLĐTXD)


def defined_names(text: str, overlays) -> dict[str, str]:
    """Short names a notice defines for itself, by their full form: "Tổng cục Phòng, chống thiên
    tai (PCTT)" gives PCTT, "UBND các tỉnh, thành phố … (sau đây gọi tắt là UBND cấp tỉnh)" the
    short name of the whole unit. Abbreviations the agency rules know keep their own reading."""
    v = vocab(overlays)
    known_words = {w for key in v.known for w in key}
    names: dict[str, str] = {}
    for m in NAMED_AS.finditer(text):
        toks = tokens(text[max(0, m.start() - 200):m.start()])
        for j in range(len(toks)):
            found = unit_at(toks, j, v)
            if found and found[0] == len(toks):
                names.setdefault(m.group("short").strip(), found[1])
                break
    for m in ABBREVIATED.finditer(text):
        short = m.group("short")
        if fold(short).lower() in known_words:
            continue
        words = re.findall(r"[^\W\d_]+", text[max(0, m.start() - 150):m.start()])
        letters = [w for w in words if w.lower() not in ("và", "&")]
        initials = "".join(fold(w[0]).upper() for w in letters[-len(short.replace("&", "")):])
        if initials == fold(short.replace("&", "")).upper() and letters[-len(initials):][:1][0][:1].isupper():
            first = letters[-len(initials)]
            head = text[:m.start()].rstrip()
            names.setdefault(short, " ".join(head[head.rfind(first):].split()).strip(" ,"))  # one line, as read
        elif len(short) >= 3 and (full := _unit_before(text[max(0, m.start() - 200):m.start()], overlays)):
            names.setdefault(short, full)  # "Công ty … thị trường điện quốc gia (NSMO)": initials of another tongue
    return names


def _unit_before(text: str, overlays) -> str | None:
    """The unit named in full right before a parenthesis, back to its head word and no further
    than a comma: "…, Công ty TNHH MTV Vận hành hệ thống điện và thị trường điện quốc gia"."""
    toks = tokens(text)
    start = None
    for j in range(len(toks) - 1, max(-1, len(toks) - 25), -1):
        if toks[j].text.endswith((",", ";", ":", ".", ")")) and j < len(toks) - 1:
            break
        if toks[j].text[:1].isupper() and opens_unit(" ".join(t.text for t in toks[j:]), overlays):
            start = j
    if start is None or len(toks) - start < 3:
        return None
    return " ".join(t.text for t in toks[start:]).strip(" ,")


def spell_out(name: str | None, names: dict[str, str]) -> str | None:
    """ "Tổng cục PCTT" → "Tổng cục Phòng, chống thiên tai"; "UBND cấp tỉnh" → the unit it stands for."""
    if not name or not names:
        return name
    if name in names:
        return names[name]
    for short, full in names.items():
        if short.isupper() and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", name):
            return re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, name)
    return name


def _finish(task_id: int, d: _Draft, seg: Segmented, lines: list[str], overlays) -> Task:
    section = seg.reported_section(d.block.section)
    field_code = seg.sections[d.block.section].field if d.block.section is not None else "chung"
    decisions = list(d.decisions)
    decisions.append(Decision(what="field", rule="section heading" if section else "no section: general",
                              value=field_code, line=section.line if section else None))
    deadline = d.deadline
    if deadline is None:
        deadline = _heading_deadline(d.block.section, seg, overlays)
        if deadline:
            decisions.append(Decision(what="deadline", rule="set by the heading above", value=deadline.iso,
                                      line=seg.sections[d.block.section].line))
    else:
        decisions.append(Decision(what="deadline", rule=deadline.rule, value=deadline.iso, line=d.block.line_start))
    recurrence = find_recurrence(d.action, overlays) or (find_recurrence(deadline.text, overlays) if deadline else None)
    if recurrence:
        decisions.append(Decision(what="recurrence", rule="recurrence phrase", value=recurrence, line=d.block.line_start))
    text = " ".join(line.strip() for line in lines[d.block.line_start - 1:d.block.line_end] if line.strip())
    return Task(
        id=task_id, field=field_code, section=section.heading if section else None,
        owner=d.owner, co_owners=d.co_owners, directed_by=d.directed_by,
        action=d.action.strip(" .;,"), deadline=deadline.iso if deadline else None,
        deadline_text=deadline.text if deadline else None, recurrence=recurrence,
        span=Span(line_start=d.block.line_start, line_end=d.block.line_end), text=text,
        decisions=decisions,
    )


def _heading_deadline(section_index: int | None, seg: Segmented, overlays) -> DeadlineMatch | None:
    while section_index is not None:
        section = seg.sections[section_index]
        if section.heading:
            found = find_heading_deadline(section.heading, doc_date=seg.doc_date, overlays=overlays)
            if found:
                return found
        section_index = seg.parents[section_index]
    return None
