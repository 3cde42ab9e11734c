/* The restorer's two hot loops, compiled: the beam search over channel × n-gram LM scores
 * and the letter alignment that scores OCR candidates.
 *
 * Why C: the search extends every hypothesis by every option of every word and looks each
 * extension up in the n-gram tables, and a new OCR token is aligned with a hundred candidate
 * syllables; in Python those loops are most of the time. Both are line-for-line ports of the
 * Python (Restorer._step / _advance, Model.score_ids, Channel._align): the same additions in
 * the same order and the same tie-breaking, so both give identical output (tests/test_restore.py
 * holds them to it). Built at install time when a C compiler is at hand (hatch_build.py);
 * without it the pure-Python code runs instead.
 *
 * Decoder(levels, size, qstep, lm_weight)
 *     levels: per n-gram order (n = 1 … N) a (keys, values, gammas) triple of buffers as the
 *     model stores them: sorted packed uint64 keys (None for unigrams), uint8 quantised
 *     -log10 P, uint8 quantised -log10 back-off weights.
 * Decoder.decode(events, start, beam, width) -> list of option indices
 *     events: per word heard, its list of (word id, cost) options; one option: every
 *     hypothesis hears it (nothing to choose), two or more: choose one; start: the id that
 *     fills the initial history. Returns the chosen option index of every choosing event.
 *
 * align(cleans, seen, rows, splits, extra, fill) -> [-log10 P(seen | clean) for clean in cleans],
 *     as Channel._align
 *     rows: clean letter -> {seen letter: cost, "": cost of losing the letter}; splits: clean
 *     letter -> {two seen characters: cost} for letters OCR reads as two; extra: cost of
 *     an inserted character per position of `seen`; fill(clean letter, seen letter) computes a
 *     missing cost, stores it in rows (creating the row) and returns it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ORDER 6

typedef struct {
    int32_t hist[MAX_ORDER - 1];
    double score;
    int32_t node;    /* trail node of the last choice on this path (-1: none yet) */
    int32_t option;  /* in a step, before survivors become trail nodes: the option taken */
} Hyp;

typedef struct {
    PyObject_HEAD
    int order;
    uint64_t size;
    double qstep, lm_weight;
    Py_buffer keys[MAX_ORDER], vals[MAX_ORDER], gams[MAX_ORDER];
    int have_keys[MAX_ORDER];
    /* starts[n][i]: where the continuations of the i-th n+1-gram (word i for n = 0) begin in
     * the next level; NULL when some n-gram's context was pruned (then: whole-level search) */
    int32_t *starts[MAX_ORDER];
} Decoder;

static Py_ssize_t find_key(const Py_buffer *buf, uint64_t key, Py_ssize_t lo, Py_ssize_t hi)
{
    const uint64_t *keys = (const uint64_t *)buf->buf;
    Py_ssize_t end = hi;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < end && keys[lo] == key) ? lo : -1;
}

static inline double val(const Py_buffer *buf, Py_ssize_t i)
{
    return (double)((const uint8_t *)buf->buf)[i];
}

static Py_ssize_t level_len(const Decoder *d, int n)
{
    return n == 0 ? (Py_ssize_t)d->size : d->keys[n].len / 8;
}

/* Where each context's continuations lie, found in one merge pass per level, so a look-up
 * bisects a run of a few keys instead of a million. 0 if a context is missing (pruned). */
static int index_levels(Decoder *d)
{
    for (int n = 0; n < d->order - 1; n++) {
        Py_ssize_t outer = level_len(d, n), inner = d->keys[n + 1].len / 8, j = 0;
        const uint64_t *contexts = n ? (const uint64_t *)d->keys[n].buf : NULL;
        const uint64_t *next = (const uint64_t *)d->keys[n + 1].buf;
        if (inner >= INT32_MAX)
            return 0;
        int32_t *starts = PyMem_Malloc((size_t)(outer + 1) * sizeof(int32_t));
        if (!starts)
            return -1;
        d->starts[n] = starts;
        for (Py_ssize_t i = 0; i < outer; i++) {
            uint64_t ctx = contexts ? contexts[i] : (uint64_t)i;
            starts[i] = (int32_t)j;
            if (j < inner && next[j] / d->size < ctx)
                return 0;
            while (j < inner && next[j] / d->size == ctx)
                j++;
        }
        starts[outer] = (int32_t)j;
        if (j != inner)
            return 0;
    }
    return 1;
}

/* Index of the n-gram `ctx` in level n - 1 (word id for n = 1), or -1 if it was not kept. */
static Py_ssize_t context_at(const Decoder *d, const int32_t *ctx, int n, uint64_t *key)
{
    Py_ssize_t at = ctx[0];
    *key = (uint64_t)ctx[0];
    for (int k = 1; k < n && at >= 0; k++) {
        *key = *key * d->size + (uint64_t)ctx[k];
        at = find_key(&d->keys[k], *key, d->starts[k - 1][at], d->starts[k - 1][at + 1]);
    }
    return at;
}

/* A history's contexts, looked up once for all the words that may follow it: per context
 * length n, the run of level n to search and the back-off weight (0 for an unseen context,
 * which hands all its mass down). */
typedef struct {
    uint64_t key[MAX_ORDER];
    Py_ssize_t lo[MAX_ORDER], hi[MAX_ORDER];
    double gamma[MAX_ORDER];
} Context;

static void find_context(const Decoder *d, const int32_t *hist, Context *c)
{
    int h = d->order - 1;
    for (int n = h; n >= 1; n--) {
        const int32_t *ctx = hist + (h - n);
        Py_ssize_t at;
        if (d->starts[0]) {  /* indexed: only this context's run of continuations */
            at = context_at(d, ctx, n, &c->key[n]);
            c->lo[n] = at >= 0 ? d->starts[n - 1][at] : 0;
            c->hi[n] = at >= 0 ? d->starts[n - 1][at + 1] : 0;
        } else {  /* a pruned model: search the whole level */
            c->key[n] = 0;
            for (int i = 0; i < n; i++)
                c->key[n] = c->key[n] * d->size + (uint64_t)ctx[i];
            at = n == 1 ? (Py_ssize_t)c->key[n]
                        : find_key(&d->keys[n - 1], c->key[n], 0, d->keys[n - 1].len / 8);
            c->lo[n] = 0;
            c->hi[n] = d->keys[n].len / 8;
        }
        c->gamma[n] = at >= 0 ? -(val(&d->gams[n - 1], at) * d->qstep) : 0.0;
    }
}

/* Model.score_ids: log10 P(w | history) for a known word after a looked-up history. */
static double context_score(const Decoder *d, const Context *c, int32_t w)
{
    double gamma = 0.0;
    for (int n = d->order - 1; n >= 1; n--) {
        Py_ssize_t at = find_key(&d->keys[n], c->key[n] * d->size + (uint64_t)w, c->lo[n], c->hi[n]);
        if (at >= 0)
            return gamma - val(&d->vals[n], at) * d->qstep;
        gamma += c->gamma[n];
    }
    return gamma - val(&d->vals[0], w) * d->qstep;
}

static double lm_score(const Decoder *d, const int32_t *hist, int32_t w)
{
    Context c;
    find_context(d, hist, &c);
    return context_score(d, &c, w);
}

/* ---- growable buffers ---- */

typedef struct {
    Hyp *items;
    Py_ssize_t len, cap;
} Hyps;

static int hyps_reserve(Hyps *h, Py_ssize_t n)
{
    if (n <= h->cap)
        return 0;
    Py_ssize_t cap = h->cap ? h->cap : 64;
    while (cap < n)
        cap *= 2;
    Hyp *items = realloc(h->items, (size_t)cap * sizeof(Hyp));
    if (!items)
        return -1;
    h->items = items;
    h->cap = cap;
    return 0;
}

typedef struct {
    int32_t *parent, *choice;
    Py_ssize_t len, cap;
} Trail;

static int trail_push(Trail *t, int32_t parent, int32_t choice)
{
    if (t->len == t->cap) {
        Py_ssize_t cap = t->cap ? 2 * t->cap : 4096;
        int32_t *p = realloc(t->parent, (size_t)cap * sizeof(int32_t));
        if (!p)
            return -1;
        t->parent = p;
        int32_t *c = realloc(t->choice, (size_t)cap * sizeof(int32_t));
        if (!c)
            return -1;
        t->choice = c;
        t->cap = cap;
    }
    t->parent[t->len] = parent;
    t->choice[t->len] = choice;
    t->len++;
    return 0;
}

/* Which new hypothesis already has a history: open addressing over item index + 1 (0 empty),
 * made anew for every word, since an OCR word may bring a hundred extensions. */
typedef struct {
    int32_t *slots;
    Py_ssize_t cap;
} Seen;

static int seen_reset(Seen *s, Py_ssize_t entries)
{
    if (2 * entries > s->cap) {
        Py_ssize_t cap = 64;
        while (cap < 2 * entries)
            cap *= 2;
        int32_t *slots = realloc(s->slots, (size_t)cap * sizeof(int32_t));
        if (!slots)
            return -1;
        s->slots = slots;
        s->cap = cap;
    }
    memset(s->slots, 0, (size_t)s->cap * sizeof(int32_t));
    return 0;
}

/* Index in `h` of the hypothesis with this history, or -1 and *empty = the slot to claim. */
static Py_ssize_t seen_find(Seen *s, const Hyps *h, const int32_t *hist, int n, int32_t **empty)
{
    uint64_t x = 0xCBF29CE484222325ULL;
    for (int i = 0; i < n; i++)
        x = (x ^ (uint32_t)hist[i]) * 0x100000001B3ULL;
    Py_ssize_t mask = s->cap - 1, i = (Py_ssize_t)(x >> 17) & mask;
    while (s->slots[i]) {
        Py_ssize_t at = s->slots[i] - 1;
        if (memcmp(h->items[at].hist, hist, (size_t)n * sizeof(int32_t)) == 0)
            return at;
        i = (i + 1) & mask;
    }
    *empty = &s->slots[i];
    return -1;
}

/* Stable sort by score, best first (as Python's sorted(..., reverse=True)). */
static void sort_best_first(Hyp *items, Py_ssize_t n)
{
    for (Py_ssize_t i = 1; i < n; i++) {
        Hyp x = items[i];
        Py_ssize_t j = i;
        while (j > 0 && items[j - 1].score < x.score) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = x;
    }
}

/* Restorer._advance: every hypothesis hears the same word. */
static int advance(Decoder *d, Hyps *cur, Hyps *next, Seen *seen, int32_t wid, double cost,
                   double width)
{
    int h = d->order - 1;
    next->len = 0;
    if (hyps_reserve(next, cur->len) < 0 || seen_reset(seen, cur->len) < 0)
        return -1;
    for (Py_ssize_t i = 0; i < cur->len; i++) {
        Hyp *src = &cur->items[i];
        double lp = lm_score(d, src->hist, wid);
        double total = src->score + d->lm_weight * lp - cost;
        int32_t key[MAX_ORDER - 1];
        memcpy(key, src->hist + 1, (size_t)(h - 1) * sizeof(int32_t));
        key[h - 1] = wid;
        int32_t *slot;
        Py_ssize_t at = seen_find(seen, next, key, h, &slot);
        if (at < 0) {
            *slot = (int32_t)(next->len + 1);
            Hyp *dst = &next->items[next->len++];
            memcpy(dst->hist, key, (size_t)h * sizeof(int32_t));
            dst->score = total;
            dst->node = src->node;
        } else if (total > next->items[at].score) {
            next->items[at].score = total;
            next->items[at].node = src->node;
        }
    }
    if (next->len > 1) {
        double best = next->items[0].score, worst = best;
        for (Py_ssize_t i = 1; i < next->len; i++) {
            if (next->items[i].score > best)
                best = next->items[i].score;
            if (next->items[i].score < worst)
                worst = next->items[i].score;
        }
        double cut = best - width;
        if (worst < cut) {
            Py_ssize_t kept = 0;
            for (Py_ssize_t i = 0; i < next->len; i++)
                if (next->items[i].score >= cut)
                    next->items[kept++] = next->items[i];
            next->len = kept;
        }
    }
    return 0;
}

/* Restorer._step: extend every hypothesis by every option, keep the best `beam`.
 * An LM score is never above 0, so an extension already `width` behind before its LM look-up
 * would be pruned anyway: it is skipped. */
static int step(Decoder *d, Hyps *cur, Hyps *next, Seen *seen, const int32_t *wids,
                const double *costs, Py_ssize_t nopt, Py_ssize_t beam, double width, Trail *trail)
{
    int h = d->order - 1;
    double least = costs[0];
    for (Py_ssize_t k = 1; k < nopt; k++)
        if (costs[k] < least)
            least = costs[k];
    next->len = 0;
    if (hyps_reserve(next, cur->len * nopt) < 0 || seen_reset(seen, cur->len * nopt) < 0)
        return -1;
    double cut = -INFINITY;
    for (Py_ssize_t i = 0; i < cur->len; i++) {
        const Hyp *src = &cur->items[i];
        if (src->score - least < cut)
            continue;
        Context context;
        find_context(d, src->hist, &context);
        for (Py_ssize_t k = 0; k < nopt; k++) {
            double total = src->score - costs[k];
            if (total < cut)
                continue;
            total += d->lm_weight * context_score(d, &context, wids[k]);
            if (total - width > cut)
                cut = total - width;
            int32_t key[MAX_ORDER - 1];
            memcpy(key, src->hist + 1, (size_t)(h - 1) * sizeof(int32_t));
            key[h - 1] = wids[k];
            int32_t *slot;
            Py_ssize_t at = seen_find(seen, next, key, h, &slot);
            Hyp *dst;
            if (at < 0) {
                *slot = (int32_t)(next->len + 1);
                dst = &next->items[next->len++];
                memcpy(dst->hist, key, (size_t)h * sizeof(int32_t));
            } else if (total > next->items[at].score) {
                dst = &next->items[at];
            } else {
                continue;
            }
            dst->score = total;
            dst->node = src->node;
            dst->option = (int32_t)k;
        }
    }
    if (next->len > 1) {
        if (next->len > beam) {
            sort_best_first(next->items, next->len);
            next->len = beam;
        }
        Py_ssize_t kept = 0;
        for (Py_ssize_t i = 0; i < next->len; i++)
            if (next->items[i].score >= cut)
                next->items[kept++] = next->items[i];
        next->len = kept;
    }
    for (Py_ssize_t i = 0; i < next->len; i++) {  /* the survivors become trail nodes */
        Hyp *hyp = &next->items[i];
        if (trail_push(trail, hyp->node, hyp->option) < 0)
            return -1;
        hyp->node = (int32_t)(trail->len - 1);
    }
    return 0;
}

/* One event's options, read from its list of (word id, cost) tuples into reusable buffers. */
static Py_ssize_t read_options(PyObject *opts, int32_t **wids, double **costs, Py_ssize_t *room)
{
    if (!PyList_Check(opts) || PyList_GET_SIZE(opts) < 1) {
        PyErr_SetString(PyExc_TypeError, "decode: each event is a non-empty list of (id, cost)");
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(opts);
    if (n > *room) {
        int32_t *w = realloc(*wids, (size_t)n * sizeof(int32_t));
        if (w)
            *wids = w;
        double *c = realloc(*costs, (size_t)n * sizeof(double));
        if (c)
            *costs = c;
        if (!w || !c) {
            PyErr_NoMemory();
            return -1;
        }
        *room = n;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *pair = PyList_GET_ITEM(opts, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "decode: an option is an (id, cost) tuple");
            return -1;
        }
        long wid = PyLong_AsLong(PyTuple_GET_ITEM(pair, 0));
        double cost = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
        if (PyErr_Occurred())
            return -1;
        (*wids)[k] = (int32_t)wid;
        (*costs)[k] = cost;
    }
    return n;
}

static PyObject *Decoder_decode(Decoder *d, PyObject *args)
{
    PyObject *events;
    int start;
    Py_ssize_t beam;
    double width;
    if (!PyArg_ParseTuple(args, "O!ind", &PyList_Type, &events, &start, &beam, &width))
        return NULL;
    if (beam < 1) {
        PyErr_SetString(PyExc_ValueError, "decode: beam must be at least 1");
        return NULL;
    }
    PyObject *result = NULL;
    Hyps cur = {0}, next = {0};
    Seen seen = {0};
    Trail trail = {0};
    int32_t *wid = NULL;
    double *cost = NULL;
    Py_ssize_t room = 0, chosen = 0;
    int h = d->order - 1;
    if (hyps_reserve(&cur, 1) < 0)
        goto nomem;
    for (int i = 0; i < h; i++)
        cur.items[0].hist[i] = start;
    cur.items[0].score = 0.0;
    cur.items[0].node = -1;
    cur.len = 1;
    for (Py_ssize_t e = 0; e < PyList_GET_SIZE(events); e++) {
        Py_ssize_t n = read_options(PyList_GET_ITEM(events, e), &wid, &cost, &room);
        if (n < 0)
            goto done;
        int failed = n > 1
            ? step(d, &cur, &next, &seen, wid, cost, n, beam, width, &trail)
            : advance(d, &cur, &next, &seen, wid[0], cost[0], width);
        if (failed < 0)
            goto nomem;
        chosen += n > 1 ? 1 : 0;
        Hyps swap = cur;
        cur = next;
        next = swap;
    }
    Py_ssize_t best = 0;
    for (Py_ssize_t i = 1; i < cur.len; i++)
        if (cur.items[i].score > cur.items[best].score)
            best = i;
    result = PyList_New(chosen);
    if (!result)
        goto done;
    int32_t node = cur.len ? cur.items[best].node : -1;
    for (Py_ssize_t i = chosen - 1; i >= 0; i--) {
        PyObject *k = PyLong_FromLong(node >= 0 ? trail.choice[node] : 0);
        if (!k) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, k);
        node = node >= 0 ? trail.parent[node] : -1;
    }
    goto done;
nomem:
    PyErr_NoMemory();
done:
    free(cur.items);
    free(next.items);
    free(trail.parent);
    free(trail.choice);
    free(seen.slots);
    free(wid);
    free(cost);
    return result;
}

static PyObject *Decoder_score(Decoder *d, PyObject *args)
{
    PyObject *hist;
    int w;
    if (!PyArg_ParseTuple(args, "O!i", &PyTuple_Type, &hist, &w))
        return NULL;
    int32_t ids[MAX_ORDER - 1];
    if (PyTuple_GET_SIZE(hist) != d->order - 1) {
        PyErr_SetString(PyExc_ValueError, "score: history must have order - 1 ids");
        return NULL;
    }
    for (int i = 0; i < d->order - 1; i++) {
        long x = PyLong_AsLong(PyTuple_GET_ITEM(hist, i));
        if (x == -1 && PyErr_Occurred())
            return NULL;
        if (x < 0 || (uint64_t)x >= d->size) {
            PyErr_SetString(PyExc_ValueError, "score: unknown word id");
            return NULL;
        }
        ids[i] = (int32_t)x;
    }
    if (w < 0 || (uint64_t)w >= d->size) {
        PyErr_SetString(PyExc_ValueError, "score: unknown word id");
        return NULL;
    }
    return PyFloat_FromDouble(lm_score(d, ids, w));
}

static int Decoder_init(Decoder *d, PyObject *args, PyObject *kwds)
{
    PyObject *levels;
    unsigned long long size;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "O!Kdd", &PyList_Type, &levels, &size, &d->qstep, &d->lm_weight))
        return -1;
    Py_ssize_t order = PyList_GET_SIZE(levels);
    if (order < 2 || order > MAX_ORDER || size == 0) {
        PyErr_SetString(PyExc_ValueError, "Decoder: unsupported model order or size");
        return -1;
    }
    d->order = (int)order;
    d->size = size;
    for (Py_ssize_t n = 0; n < order; n++) {
        PyObject *level = PyList_GET_ITEM(levels, n);
        PyObject *keys, *vals, *gams;
        if (!PyArg_ParseTuple(level, "OOO", &keys, &vals, &gams))
            return -1;
        if (n > 0) {
            if (PyObject_GetBuffer(keys, &d->keys[n], PyBUF_SIMPLE) < 0)
                return -1;
            d->have_keys[n] = 1;
        }
        if (PyObject_GetBuffer(vals, &d->vals[n], PyBUF_SIMPLE) < 0)
            return -1;
        if (PyObject_GetBuffer(gams, &d->gams[n], PyBUF_SIMPLE) < 0)
            return -1;
    }
    int indexed = index_levels(d);
    if (indexed < 0) {
        PyErr_NoMemory();
        return -1;
    }
    if (!indexed)
        for (int n = 0; n < MAX_ORDER; n++) {
            PyMem_Free(d->starts[n]);
            d->starts[n] = NULL;
        }
    return 0;
}

static void Decoder_dealloc(Decoder *d)
{
    for (int n = 0; n < MAX_ORDER; n++) {
        if (d->have_keys[n])
            PyBuffer_Release(&d->keys[n]);
        if (d->vals[n].obj)
            PyBuffer_Release(&d->vals[n]);
        if (d->gams[n].obj)
            PyBuffer_Release(&d->gams[n]);
    }
    for (int n = 0; n < MAX_ORDER; n++)
        PyMem_Free(d->starts[n]);
    Py_TYPE(d)->tp_free((PyObject *)d);
}

static PyMethodDef Decoder_methods[] = {
    {"decode", (PyCFunction)Decoder_decode, METH_VARARGS,
     "decode(counts, wids, costs, start, beam, width) -> chosen option per choosing event"},
    {"score", (PyCFunction)Decoder_score, METH_VARARGS,
     "score(history, w) -> log10 P(w | history), as Model.score_ids"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DecoderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tbparse.restore._speedups.Decoder",
    .tp_basicsize = sizeof(Decoder),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Beam search over an n-gram model's packed tables",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Decoder_init,
    .tp_dealloc = (destructor)Decoder_dealloc,
    .tp_methods = Decoder_methods,
};

/* One cost from `rows`, or from `fill` when not there yet: a new reference, NULL on error. */
static PyObject *letter_cost(PyObject *rows, PyObject *row, PyObject *clean, PyObject *seen,
                             PyObject *fill)
{
    PyObject *cost = row ? PyDict_GetItemWithError(row, seen) : NULL;
    if (cost) {
        Py_INCREF(cost);
        return cost;
    }
    if (PyErr_Occurred())
        return NULL;
    (void)rows;
    return PyObject_CallFunctionObjArgs(fill, clean, seen, NULL);
}

/* One alignment (Channel._align) with the seen token's characters and costs prepared;
 * prev and cur have room for n + 1 costs. -1 on error. */
static int align_one(PyObject *clean, PyObject **seen_chars, PyObject **seen_pairs,
                     const double *extra, Py_ssize_t n, double *prev, double *cur, PyObject *rows,
                     PyObject *splits, PyObject *fill, PyObject *empty, double *out)
{
    prev[0] = 0.0;
    for (Py_ssize_t j = 0; j < n; j++)
        prev[j + 1] = prev[j] + extra[j];
    for (Py_ssize_t i = 0, m = PyUnicode_GET_LENGTH(clean); i < m; i++) {
        PyObject *c = PyUnicode_Substring(clean, i, i + 1);
        if (!c)
            return -1;
        PyObject *row = PyDict_GetItemWithError(rows, c);  /* borrowed, like pairs */
        PyObject *pairs = row || !PyErr_Occurred() ? PyDict_GetItemWithError(splits, c) : NULL;
        if (!PyErr_Occurred() && pairs && !PyDict_Check(pairs))
            PyErr_SetString(PyExc_TypeError, "align: a split row must be a dict");
        if (PyErr_Occurred()) {
            Py_DECREF(c);
            return -1;
        }
        PyObject *lose_obj = letter_cost(rows, row, c, empty, fill);
        if (lose_obj && !row)
            row = PyDict_GetItemWithError(rows, c);  /* fill made it */
        double lose = lose_obj ? PyFloat_AsDouble(lose_obj) : -1.0;
        Py_XDECREF(lose_obj);
        if (!lose_obj || (lose == -1.0 && PyErr_Occurred())) {
            Py_DECREF(c);
            return -1;
        }
        double diag = prev[0], left = diag + lose;
        cur[0] = left;
        for (Py_ssize_t j = 0; j < n; j++) {
            PyObject *sub_obj = letter_cost(rows, row, c, seen_chars[j], fill);
            double sub = sub_obj ? PyFloat_AsDouble(sub_obj) : -1.0;
            Py_XDECREF(sub_obj);
            if (!sub_obj || (sub == -1.0 && PyErr_Occurred())) {
                Py_DECREF(c);
                return -1;
            }
            double up = prev[j + 1], best = diag + sub;
            if (up + lose < best)
                best = up + lose;
            if (left + extra[j] < best)
                best = left + extra[j];
            if (pairs && j) {
                PyObject *two_obj = PyDict_GetItemWithError(pairs, seen_pairs[j - 1]);
                double two = two_obj ? PyFloat_AsDouble(two_obj) : 0.0;
                if (PyErr_Occurred()) {
                    Py_DECREF(c);
                    return -1;
                }
                if (two_obj && prev[j - 1] + two < best)
                    best = prev[j - 1] + two;
            }
            cur[j + 1] = best;
            diag = up;
            left = best;
        }
        Py_DECREF(c);
        double *swap = prev;
        prev = cur;
        cur = swap;
    }
    *out = prev[n];
    return 0;
}

static PyObject *align(PyObject *module, PyObject *args)
{
    PyObject *cleans, *seen, *rows, *splits, *extra_list, *fill;
    (void)module;
    if (!PyArg_ParseTuple(args, "O!UO!O!O!O", &PyList_Type, &cleans, &seen, &PyDict_Type, &rows,
                          &PyDict_Type, &splits, &PyList_Type, &extra_list, &fill))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(seen), count = PyList_GET_SIZE(cleans);
    if (PyList_GET_SIZE(extra_list) != n) {
        PyErr_SetString(PyExc_ValueError, "align: one insertion cost per seen character");
        return NULL;
    }
    PyObject *result = NULL, *empty = PyUnicode_New(0, 0);
    PyObject **seen_chars = PyMem_Calloc((size_t)n + 1, sizeof(PyObject *));
    PyObject **seen_pairs = PyMem_Calloc((size_t)n + 1, sizeof(PyObject *));
    double *buf = PyMem_Malloc((size_t)(3 * (n + 1)) * sizeof(double));
    if (!empty || !seen_chars || !seen_pairs || !buf) {
        PyErr_NoMemory();
        goto done;
    }
    double *extra = buf, *prev = buf + (n + 1), *cur = buf + 2 * (n + 1);
    for (Py_ssize_t j = 0; j < n; j++) {
        extra[j] = PyFloat_AsDouble(PyList_GET_ITEM(extra_list, j));
        if (extra[j] == -1.0 && PyErr_Occurred())
            goto done;
        if (!(seen_chars[j] = PyUnicode_Substring(seen, j, j + 1)))
            goto done;
        if (j + 1 < n && !(seen_pairs[j] = PyUnicode_Substring(seen, j, j + 2)))
            goto done;
    }
    result = PyList_New(count);
    for (Py_ssize_t k = 0; result && k < count; k++) {
        PyObject *clean = PyList_GET_ITEM(cleans, k), *cost;
        double value;
        if (!PyUnicode_Check(clean)) {
            PyErr_SetString(PyExc_TypeError, "align: clean syllables must be str");
            Py_CLEAR(result);
        } else if (align_one(clean, seen_chars, seen_pairs, extra, n, prev, cur, rows, splits, fill,
                             empty, &value) < 0
                   || !(cost = PyFloat_FromDouble(value))) {
            Py_CLEAR(result);
        } else {
            PyList_SET_ITEM(result, k, cost);
        }
    }
done:
    for (Py_ssize_t j = 0; j < n; j++) {
        if (seen_chars)
            Py_XDECREF(seen_chars[j]);
        if (seen_pairs)
            Py_XDECREF(seen_pairs[j]);
    }
    PyMem_Free(seen_chars);
    PyMem_Free(seen_pairs);
    PyMem_Free(buf);
    Py_XDECREF(empty);
    return result;
}

static PyMethodDef module_methods[] = {
    {"align", align, METH_VARARGS,
     "align(cleans, seen, rows, splits, extra, fill) -> -log10 P(seen | clean) per clean syllable"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT, "_speedups", "Compiled hot loops of tbparse.restore", -1,
    module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void)
{
    if (PyType_Ready(&DecoderType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&speedups_module);
    if (!m)
        return NULL;
    if (PyModule_AddIntConstant(m, "INTERFACE", 2) < 0) {  /* as speedups.INTERFACE */
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&DecoderType);
    if (PyModule_AddObject(m, "Decoder", (PyObject *)&DecoderType) < 0) {
        Py_DECREF(&DecoderType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
