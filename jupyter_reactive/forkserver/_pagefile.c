/* The fork server's file-backed heap: pymalloc's arenas copied into one memory file (memfd) and
 * mapped from it privately, so that a kernel can give back the pages it copied and left
 * byte-for-byte equal again.
 *
 * Plain C, no Python C API: loaded with ctypes by jupyter_reactive/forkserver/pagefile.py, which
 * installs pf_alloc / pf_free as CPython's arena allocator (PyObject_SetArenaAllocator) and
 * calls the rest. Every function here runs with the GIL held (the arena allocator is called by
 * pymalloc, which needs it; pagefile.py calls the others through ctypes.PyDLL).
 *
 * 1. pf_alloc / pf_free: arenas come from the allocator that was installed before (CPython's
 *    anonymous mmap); each is noted, so that pf_migrate finds them.
 * 2. pf_migrate (the fork server, before a fork that makes a kernel): each noted arena that is
 *    still anonymous is written into a new range of the file (pages of zeros are left as holes)
 *    and replaced, at the same address, by a private mapping of that range. Nothing runs in
 *    between (one thread, the GIL held), so the bytes are the same before and after. A range
 *    once written is never written again. No arena is ever a shared mapping: a forked child (a
 *    kernel, or the fork server's import probes) writes only to its own copies.
 * 2b. pf_move_again (the fork server, at an epoch: after it wrote to moved arenas): the pages it
 *    holds copies of its own (made by writing after the move: pagemap's file bit clear) are
 *    written into fresh pages of the file and mapped from there, so that kernels forked after
 *    it map the bytes they will restore. Only those pages move (an arena's pages then lie at
 *    offsets of their own: pf_range.page), so the file grows by what the fork server held
 *    privately anyway. Their old pages are "retired" with a generation number (so are the pages
 *    of a file-backed arena pymalloc frees): kernels forked before may still map them, so they
 *    are punched out of the file (pf_punch) only once none does — the caller's business
 *    (pagefile.py), since punching a page a process maps and has not copied makes it read zeros.
 * 3. pf_reclaim (a forked kernel, idle): each page of a file-backed arena that the process has
 *    its own copy of (present, not a file page: /proc/self/pagemap) and whose bytes equal the
 *    file's is dropped (madvise MADV_DONTNEED): it reads the file's page again, shared with
 *    every other process mapping it. The process's other threads are stopped meanwhile (below),
 *    so that no write lands between the comparison and the drop.
 *
 * Stopping the other threads (pf_stop_world): the GIL keeps Python code out, but C code may write
 * into a pymalloc block with the GIL released (another thread's recv_into a small bytearray). So
 * each other thread (/proc/self/task) is sent PF_SIGNAL, whose handler (installed here with
 * sigaction, never Python's) notes the thread parked and waits on a futex until released. A
 * thread running the handler is not inside a system call, so no copy into its buffers is in
 * flight; its interrupted call is restarted (SA_RESTART) or returns EINTR, which CPython retries
 * (PEP 475). A thread that blocks the signal is waited for never: if it is one of libzmq's or
 * jemalloc's own (by name: pf_is_library_thread; they block every signal and write only their
 * library's buffers) it is left running; any other one means no reclaim this time. So does a thread not parked
 * within PF_STOP_WAIT_NS, a thread that appeared meanwhile, or the signal's handler no longer
 * ours: never a hang, never a drop with a thread running. While threads are parked the
 * reclaimer uses system calls only (no malloc, no stdio: a parked thread may hold their locks).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif

#define PF_PAGE 4096UL
#define PF_MAX_RANGES 65536
#define PF_ARENA_PAGES_MAX 1024 /* pages of an arena pf_move_again handles (pymalloc's: 256) */

typedef void *(*pf_alloc_fn)(void *ctx, size_t size);
typedef void (*pf_free_fn)(void *ctx, void *ptr, size_t size);

struct pf_range {
    uintptr_t addr;
    size_t len;  /* the size pymalloc asked for */
    size_t mlen; /* mapped: len rounded up to pages */
    off_t off;   /* in the file, or -1: still anonymous */
    off_t *page; /* NULL, or each page's offset in the file once pages were moved again */
};

/* Where page k of a file-backed range is in the file. */
static off_t pf_page_off(const struct pf_range *r, size_t k) {
    return r->page ? r->page[k] : r->off + (off_t)(k * PF_PAGE);
}

static int pf_fd = -1;
static off_t pf_end = 0; /* the file's size: where the next arena goes */
static struct pf_range pf_ranges[PF_MAX_RANGES];
static size_t pf_count = 0;
static void *pf_old_ctx = NULL;
static pf_alloc_fn pf_old_alloc = NULL;
static pf_free_fn pf_old_free = NULL;

static uint64_t pf_migrated_total, pf_untracked, pf_freed_file;

/* Ranges of the file no longer mapped by this process, not yet punched: (offset, length, the
 * generation that retired it). A process forked while pf_retire_gen was g maps those retired
 * with a generation > g, not the others (pf_retire_gen; pf_generation is the thread stop's). */
#define PF_MAX_RETIRED 65536
struct pf_retired {
    off_t off;
    size_t len;
    uint64_t gen;
};
static struct pf_retired pf_retired_list[PF_MAX_RETIRED];
static size_t pf_retired_count = 0;
static uint64_t pf_retire_gen = 0, pf_removed_total = 0, pf_punched_bytes = 0, pf_lost_retired = 0;

static void pf_retire(off_t off, size_t len) {
    pf_retire_gen++;
    if (pf_retired_count < PF_MAX_RETIRED) {
        pf_retired_list[pf_retired_count].off = off;
        pf_retired_list[pf_retired_count].len = len;
        pf_retired_list[pf_retired_count].gen = pf_retire_gen;
        pf_retired_count++;
    } else {
        pf_lost_retired++; /* never punched: the file keeps it (safe, only memory) */
    }
}

static size_t pf_round(size_t size) { return (size + PF_PAGE - 1) & ~(PF_PAGE - 1); }

/* The allocator that was installed before ours (CPython's: anonymous mmap). */
void pf_set_previous(void *ctx, pf_alloc_fn alloc, pf_free_fn free_) {
    pf_old_ctx = ctx;
    pf_old_alloc = alloc;
    pf_old_free = free_;
}

/* 0, or an errno value. */
int pf_open(void) {
    if (pf_fd >= 0)
        return 0;
#ifdef SYS_memfd_create
    int fd = (int)syscall(SYS_memfd_create, "jupyter-reactive-heap", MFD_CLOEXEC);
#else
    int fd = -1;
    errno = ENOSYS;
#endif
    if (fd < 0)
        return errno ? errno : EINVAL;
    pf_fd = fd;
    return 0;
}

int pf_fd_get(void) { return pf_fd; }

void *pf_alloc(void *ctx, size_t size) {
    (void)ctx;
    void *p = pf_old_alloc ? pf_old_alloc(pf_old_ctx, size) : NULL;
    if (p == NULL)
        return NULL;
    if (pf_count < PF_MAX_RANGES && ((uintptr_t)p & (PF_PAGE - 1)) == 0) {
        pf_ranges[pf_count].addr = (uintptr_t)p;
        pf_ranges[pf_count].len = size;
        pf_ranges[pf_count].mlen = pf_round(size);
        pf_ranges[pf_count].off = -1;
        pf_ranges[pf_count].page = NULL;
        pf_count++;
    } else {
        pf_untracked++;
    }
    return p;
}

void pf_free(void *ctx, void *ptr, size_t size) {
    (void)ctx;
    uintptr_t a = (uintptr_t)ptr;
    for (size_t i = 0; i < pf_count; i++) {
        if (pf_ranges[i].addr != a)
            continue;
        struct pf_range r = pf_ranges[i];
        pf_ranges[i] = pf_ranges[--pf_count];
        if (r.off >= 0) { /* the file's pages stay until no kernel maps them */
            munmap(ptr, r.mlen);
            pf_freed_file++;
            size_t pages = r.mlen / PF_PAGE;
            for (size_t k = 0, run = 1; k < pages; k += run) { /* runs of consecutive offsets */
                for (run = 1; k + run < pages && pf_page_off(&r, k + run) == pf_page_off(&r, k) + (off_t)(run * PF_PAGE); run++)
                    ;
                pf_retire(pf_page_off(&r, k), run * PF_PAGE);
            }
            free(r.page);
            return;
        }
        break; /* anonymous: the previous allocator's to free */
    }
    if (pf_old_free)
        pf_old_free(pf_old_ctx, ptr, size);
}

static int pf_zero(const unsigned char *page) {
    const uint64_t *w = (const uint64_t *)page;
    for (size_t i = 0; i < PF_PAGE / sizeof(uint64_t); i++)
        if (w[i])
            return 0;
    return 1;
}

#define PM_PRESENT (1ULL << 63)
#define PM_FILE (1ULL << 61)

static int pf_by_address(const void *a, const void *b) {
    uintptr_t x = pf_ranges[*(const size_t *)a].addr, y = pf_ranges[*(const size_t *)b].addr;
    return x < y ? -1 : x > y;
}

/* The noted arenas' indexes in address order (into pf_order): the file's ranges are laid out in
 * that order, so that two arenas (or runs of pages) next to each other in memory get offsets next
 * to each other in the file and the kernel makes one mapping of them. */
static size_t pf_order[PF_MAX_RANGES];
static size_t pf_sort(void) {
    for (size_t i = 0; i < pf_count; i++)
        pf_order[i] = i;
    qsort(pf_order, pf_count, sizeof pf_order[0], pf_by_address);
    return pf_count;
}

/* Every anonymous noted arena into the file, and mapped privately from it, in address order.
 * Returns how many were moved, or -errno of the first that could not be (that one and those
 * after it stay anonymous, which is always safe). */
long pf_migrate(void) {
    if (pf_fd < 0)
        return -EBADF;
    long moved = 0;
    size_t n = pf_sort();
    for (size_t o = 0; o < n; o++) {
        struct pf_range *r = &pf_ranges[pf_order[o]];
        if (r->off >= 0)
            continue;
        off_t off = pf_end;
        if (ftruncate(pf_fd, off + (off_t)r->mlen) != 0)
            return -(long)errno;
        pf_end = off + (off_t)r->mlen; /* even if what follows fails: never reused */
        const unsigned char *base = (const unsigned char *)r->addr;
        for (size_t k = 0; k < r->mlen; k += PF_PAGE) {
            if (pf_zero(base + k))
                continue; /* a hole reads as zeros */
            if (pwrite(pf_fd, base + k, PF_PAGE, off + (off_t)k) != (ssize_t)PF_PAGE)
                return -(long)(errno ? errno : EIO);
        }
        void *p = mmap((void *)r->addr, r->mlen, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE, pf_fd, off);
        if (p == MAP_FAILED)
            return -(long)errno; /* MAP_FIXED failing leaves the old mapping in place */
        r->off = off;
        moved++;
        pf_migrated_total++;
    }
    return moved;
}

/* Each file-backed arena holding at least min_private (>= 1) pages of this process's own: those
 * pages (their current bytes) into fresh pages of the file, mapped there privately (same
 * addresses, same bytes: nothing runs in between), their old pages of the file retired. A run
 * of own pages goes on across up to max_gap pages that are not (the file's pages, or never
 * touched) when an own page follows: those are copied along (read through this process's
 * mapping: the bytes it sees), so that the run is one mapping, not two with a third between.
 * The copy costs a page of the file per gap page while kernels forked before map the old one
 * (a page of zeros costs nothing: a hole), and saves two mappings in this process and in every
 * kernel forked after. Arenas are taken in address order and each run's pages are laid out after
 * the last, so runs that touch across two arenas are one mapping too. out[0]: arenas looked at,
 * out[1]: arenas whose pages moved, out[2]: own pages moved, out[3]: own pages left (in arenas
 * under the threshold), out[4]: runs mapped, out[5]: gap pages copied along (not zeros).
 * Returns 0, or an errno value (pagemap unreadable, the file cannot grow, no memory); a run that
 * fails stays as it was. */
int pf_move_again(uint64_t min_private, uint64_t max_gap, uint64_t *out) {
    static uint64_t entries[PF_ARENA_PAGES_MAX];
    for (int k = 0; k < 6; k++)
        out[k] = 0;
    if (pf_fd < 0)
        return EBADF;
    if (min_private < 1)
        min_private = 1;
    int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pm < 0)
        return errno;
    int err = 0;
    size_t n = pf_sort();
    for (size_t o = 0; o < n && !err; o++) {
        struct pf_range *r = &pf_ranges[pf_order[o]];
        size_t pages = r->mlen / PF_PAGE;
        if (r->off < 0 || pages > PF_ARENA_PAGES_MAX)
            continue;
        out[0]++;
        off_t at = (off_t)(r->addr / PF_PAGE * sizeof(uint64_t));
        ssize_t got = pread(pm, entries, pages * sizeof(uint64_t), at);
        if (got != (ssize_t)(pages * sizeof(uint64_t))) {
            err = got < 0 ? errno : EIO;
            break;
        }
#define PF_OWN(k) ((entries[k] & PM_PRESENT) && !(entries[k] & PM_FILE))
        uint64_t own = 0;
        for (size_t k = 0; k < pages; k++)
            own += PF_OWN(k);
        if (own < min_private) {
            out[3] += own;
            continue;
        }
        if (r->page == NULL) {
            r->page = malloc(pages * sizeof(off_t));
            if (r->page == NULL) {
                err = ENOMEM;
                break;
            }
            for (size_t k = 0; k < pages; k++)
                r->page[k] = r->off + (off_t)(k * PF_PAGE);
        }
        size_t run = 0;
        for (size_t k = 0; k < pages && !err; k += run ? run : 1) {
            run = 0;
            if (!PF_OWN(k))
                continue;
            size_t end = k + 1; /* the run is pages k .. end - 1 */
            for (;;) {
                while (end < pages && PF_OWN(end))
                    end++;
                size_t gap = 0;
                while (end + gap < pages && !PF_OWN(end + gap) && gap <= max_gap)
                    gap++;
                if (gap == 0 || gap > max_gap || end + gap >= pages)
                    break; /* the arena's end, or too long a gap: the run stops at end */
                end += gap;   /* an own page follows the gap: go on through it */
            }
            run = end - k;
            off_t off = pf_end;
            if (ftruncate(pf_fd, off + (off_t)(run * PF_PAGE)) != 0) {
                err = errno;
                break;
            }
            pf_end = off + (off_t)(run * PF_PAGE); /* even if what follows fails: never reused */
            unsigned char *base = (unsigned char *)(r->addr + k * PF_PAGE);
            uint64_t copied = 0;
            for (size_t j = 0; j < run && !err; j++) {
                if (pf_zero(base + j * PF_PAGE))
                    continue; /* a hole reads as zeros */
                if (pwrite(pf_fd, base + j * PF_PAGE, PF_PAGE, off + (off_t)(j * PF_PAGE)) != (ssize_t)PF_PAGE)
                    err = errno ? errno : EIO;
                copied += !PF_OWN(k + j);
            }
            if (err)
                break;
            if (mmap(base, run * PF_PAGE, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE, pf_fd, off) == MAP_FAILED) {
                err = errno; /* the old mapping is still in place; the new pages are never used */
                break;
            }
            for (size_t j = 0, old = 1; j < run; j += old) { /* the old pages: runs of consecutive offsets */
                for (old = 1; j + old < run && r->page[k + j + old] == r->page[k + j] + (off_t)(old * PF_PAGE); old++)
                    ;
                pf_retire(r->page[k + j], old * PF_PAGE);
            }
            for (size_t j = 0; j < run; j++) {
                r->page[k + j] = off + (off_t)(j * PF_PAGE);
                out[2] += PF_OWN(k + j);
            }
            out[4]++;
            out[5] += copied;
        }
#undef PF_OWN
        out[1]++;
        pf_removed_total++;
    }
    close(pm);
    return err;
}

uint64_t pf_generation_get(void) { return pf_retire_gen; }

/* Retired range i (offset, length, generation); 0, or -1 past the end. */
int pf_retired_at(size_t i, int64_t *off, uint64_t *len, uint64_t *gen) {
    if (i >= pf_retired_count)
        return -1;
    *off = (int64_t)pf_retired_list[i].off;
    *len = pf_retired_list[i].len;
    *gen = pf_retired_list[i].gen;
    return 0;
}

/* Punch every retired range whose generation is > after and <= upto out of the file (its pages
 * freed; the file's size unchanged) and forget it. The caller vouches that no process maps
 * them. Returns the bytes punched, or -errno (what was punched before the error is forgotten). */
long pf_punch(uint64_t after, uint64_t upto) {
    long punched = 0;
    size_t i = 0;
    while (i < pf_retired_count) {
        struct pf_retired r = pf_retired_list[i];
        if (r.gen <= after || r.gen > upto) {
            i++;
            continue;
        }
        if (fallocate(pf_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, r.off, (off_t)r.len) != 0)
            return -(long)errno;
        pf_retired_list[i] = pf_retired_list[--pf_retired_count];
        punched += (long)r.len;
        pf_punched_bytes += r.len;
    }
    return punched;
}

/* The file's size, arenas moved again, bytes punched, retired ranges the list could not hold. */
void pf_file_stats(uint64_t *size, uint64_t *removed, uint64_t *punched, uint64_t *lost) {
    *size = (uint64_t)pf_end;
    *removed = pf_removed_total;
    *punched = pf_punched_bytes;
    *lost = pf_lost_retired;
}

/* The noted arenas: how many are file-backed, their bytes in *file_bytes, all of them in *all. */
long pf_ranges_info(uint64_t *file_bytes, uint64_t *all) {
    uint64_t total = 0;
    long n = 0;
    for (size_t i = 0; i < pf_count; i++) {
        if (pf_ranges[i].off >= 0) {
            total += pf_ranges[i].mlen;
            n++;
        }
    }
    *file_bytes = total;
    *all = pf_count;
    return n;
}

/* Range i (address, mapped length, file offset or -1 as all ones); 0, or -1 past the end. */
int pf_range_at(size_t i, uint64_t *addr, uint64_t *len, int64_t *off) {
    if (i >= pf_count)
        return -1;
    *addr = pf_ranges[i].addr;
    *len = pf_ranges[i].mlen;
    *off = (int64_t)pf_ranges[i].off;
    return 0;
}

void pf_stats(uint64_t *migrated, uint64_t *untracked, uint64_t *freed_file) {
    *migrated = pf_migrated_total;
    *untracked = pf_untracked;
    *freed_file = pf_freed_file;
}

/* ---- stopping the other threads (see the top) ---- */

#define PF_MAX_THREADS 1024
#define PF_STOP_WAIT_NS 50000000L /* 50 ms */
/* why the world was not stopped (out[6] of pf_reclaim; pagefile.py names them) */
#define PF_STOP_OK 0
#define PF_STOP_NO_SIGNAL 1   /* the signal's handler is not ours (taken, or replaced) */
#define PF_STOP_BLOCKED 2     /* a thread (not a library's: pf_is_library_thread) blocks the signal */
#define PF_STOP_TIMEOUT 3     /* a thread did not park in time */
#define PF_STOP_NEW_THREAD 4  /* a thread appeared while the others were stopping */
#define PF_STOP_TOO_MANY 5    /* more threads than PF_MAX_THREADS, or /proc/self/task unreadable */

static int pf_signal = 0; /* the signal, once its handler is installed */
static int pf_world = 0;  /* the futex word: the stop's generation while stopped, else 0 */
static int pf_generation = 0;
static pid_t pf_targets[PF_MAX_THREADS];
static int pf_parked[PF_MAX_THREADS]; /* the generation a target parked in */
static size_t pf_target_count = 0;
static pid_t pf_skipped[PF_MAX_THREADS]; /* libzmq's and jemalloc's threads, left running */
static size_t pf_skipped_count = 0;

static int pf_inside = 0; /* threads in the handler (a released one may not have left it yet) */

static pid_t pf_gettid(void) { return (pid_t)syscall(SYS_gettid); }

static void pf_park(int sig, siginfo_t *info, void *context) {
    (void)sig;
    (void)info;
    (void)context;
    int saved = errno;
    __atomic_fetch_add(&pf_inside, 1, __ATOMIC_ACQ_REL);
    int gen = __atomic_load_n(&pf_world, __ATOMIC_ACQUIRE);
    if (gen != 0) { /* else a signal from a stop given up on: nothing to do */
        pid_t me = pf_gettid();
        size_t n = __atomic_load_n(&pf_target_count, __ATOMIC_ACQUIRE);
        for (size_t i = 0; i < n; i++)
            if (pf_targets[i] == me)
                __atomic_store_n(&pf_parked[i], gen, __ATOMIC_RELEASE);
        while (__atomic_load_n(&pf_world, __ATOMIC_ACQUIRE) == gen)
            syscall(SYS_futex, &pf_world, FUTEX_WAIT_PRIVATE, gen, NULL, NULL, 0);
    }
    __atomic_fetch_sub(&pf_inside, 1, __ATOMIC_ACQ_REL);
    errno = saved;
}

/* Install the handler for `sig` (0: the default, SIGRTMAX - 6). 0, or an errno value: EBUSY if
 * the signal has a handler already that is not ours. */
int pf_signal_install(int sig) {
    if (sig == 0)
        sig = SIGRTMAX - 6;
    if (sig < SIGRTMIN || sig > SIGRTMAX)
        return EINVAL;
    struct sigaction old;
    if (sigaction(sig, NULL, &old) != 0)
        return errno;
    int ours = (old.sa_flags & SA_SIGINFO) && old.sa_sigaction == pf_park;
    if (!ours && old.sa_handler != SIG_DFL)
        return EBUSY;
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_sigaction = pf_park;
    act.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&act.sa_mask); /* nothing else runs on a parked thread */
    if (sigaction(sig, &act, NULL) != 0)
        return errno;
    pf_signal = sig;
    return 0;
}

int pf_signal_get(void) { return pf_signal; }

static int pf_handler_ours(void) {
    struct sigaction now;
    if (pf_signal == 0 || sigaction(pf_signal, NULL, &now) != 0)
        return 0;
    return (now.sa_flags & SA_SIGINFO) && now.sa_sigaction == pf_park;
}

struct pf_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* The process's thread ids, from /proc/self/task, without malloc. How many (up to max), or -1. */
static long pf_list_threads(pid_t *tids, size_t max) {
    static char buf[8192];
    int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    long n = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got < 0) {
            n = -1;
            break;
        }
        if (got == 0)
            break;
        for (long at = 0; at < got;) {
            struct pf_dirent64 *d = (struct pf_dirent64 *)(buf + at);
            at += d->d_reclen;
            if (d->d_name[0] < '0' || d->d_name[0] > '9')
                continue;
            long tid = 0;
            for (const char *c = d->d_name; *c >= '0' && *c <= '9'; c++)
                tid = tid * 10 + (*c - '0');
            if ((size_t)n >= max) {
                close(fd);
                return -1;
            }
            tids[n++] = (pid_t)tid;
        }
    }
    close(fd);
    return n;
}

/* The start of /proc/self/task/TID/NAME into buf (NUL-terminated); its length, or -1. */
static long pf_task_file(pid_t tid, const char *name, char *buf, size_t size) {
    char path[64] = "/proc/self/task/";
    size_t at = strlen(path);
    char digits[16];
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + tid % 10);
        tid /= 10;
    } while (tid > 0 && nd < 15);
    while (nd > 0)
        path[at++] = digits[--nd];
    path[at++] = '/';
    for (const char *c = name; *c && at < sizeof path - 1; c++)
        path[at++] = *c;
    path[at] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    long got = read(fd, buf, size - 1);
    close(fd);
    if (got < 0)
        return -1;
    buf[got] = 0;
    return got;
}

/* Whether thread tid blocks the signal (its status's SigBlk), 1 or 0; -1 if unreadable (gone). */
static int pf_blocks(pid_t tid) {
    static char status[4096];
    if (pf_task_file(tid, "status", status, sizeof status) < 0)
        return -1;
    const char *line = strstr(status, "\nSigBlk:");
    if (line == NULL)
        return -1;
    const char *c = line + 8;
    while (*c == ' ' || *c == '\t')
        c++;
    const char *end = c;
    while ((*end >= '0' && *end <= '9') || (*end >= 'a' && *end <= 'f'))
        end++;
    /* a hexadecimal mask, the highest signal first: signal s is bit s - 1 from the end */
    int bit = pf_signal - 1;
    const char *digit = end - 1 - bit / 4;
    if (digit < c)
        return 0;
    int v = *digit <= '9' ? *digit - '0' : *digit - 'a' + 10;
    return (v >> (bit % 4)) & 1;
}

/* Whether thread tid is one of the libraries' own that block every signal and never write
 * Python's objects: libzmq's I/O and reaper threads ("ZMQbg/IO/0", "ZMQbg/Reaper": zmq's
 * malloc'd buffers), jemalloc's background purger ("jemalloc_bg_thd", brought by pyarrow:
 * jemalloc's own pages). */
static int pf_is_library_thread(pid_t tid) {
    char comm[32];
    if (pf_task_file(tid, "comm", comm, sizeof comm) < 0)
        return 0;
    return strncmp(comm, "ZMQbg/", 6) == 0 || strcmp(comm, "jemalloc_bg_thd\n") == 0;
}

static void pf_release(void) {
    __atomic_store_n(&pf_world, 0, __ATOMIC_RELEASE);
    syscall(SYS_futex, &pf_world, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
}

static int64_t pf_now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Park every other thread of the process (see the top). PF_STOP_OK with them parked (then
 * pf_release), or why not, with none parked. *stopped, *skipped: threads parked, the libraries'
 * left running (pf_is_library_thread). */
static int pf_stop_world(uint64_t *stopped, uint64_t *skipped) {
    static pid_t tids[PF_MAX_THREADS];
    *stopped = *skipped = 0;
    if (!pf_handler_ours())
        return PF_STOP_NO_SIGNAL;
    int64_t deadline = pf_now_ns() + PF_STOP_WAIT_NS;
    while (__atomic_load_n(&pf_inside, __ATOMIC_ACQUIRE) > 0) { /* the last stop's, leaving */
        if (pf_now_ns() > deadline)
            return PF_STOP_TIMEOUT;
        struct timespec nap = {0, 20000};
        nanosleep(&nap, NULL);
    }
    long n = pf_list_threads(tids, PF_MAX_THREADS);
    if (n < 0)
        return PF_STOP_TOO_MANY;
    pid_t me = pf_gettid(), pid = getpid();
    size_t targets = 0;
    pf_skipped_count = 0;
    for (long i = 0; i < n; i++) {
        if (tids[i] == me)
            continue;
        int blocks = pf_blocks(tids[i]);
        if (blocks < 0)
            continue; /* gone */
        if (blocks) {
            if (!pf_is_library_thread(tids[i]))
                return PF_STOP_BLOCKED;
            pf_skipped[pf_skipped_count++] = tids[i];
            continue;
        }
        pf_targets[targets] = tids[i];
        pf_parked[targets] = 0;
        targets++;
    }
    __atomic_store_n(&pf_target_count, targets, __ATOMIC_RELEASE);
    if (++pf_generation <= 0)
        pf_generation = 1;
    int gen = pf_generation;
    __atomic_store_n(&pf_world, gen, __ATOMIC_RELEASE);
    for (size_t i = 0; i < targets; i++)
        if (syscall(SYS_tgkill, pid, pf_targets[i], pf_signal) != 0)
            pf_parked[i] = gen; /* gone (ESRCH): nothing to wait for */
    deadline = pf_now_ns() + PF_STOP_WAIT_NS;
    for (;;) {
        size_t parked = 0;
        for (size_t i = 0; i < targets; i++)
            parked += __atomic_load_n(&pf_parked[i], __ATOMIC_ACQUIRE) == gen;
        if (parked == targets)
            break;
        if (pf_now_ns() > deadline) {
            pf_release();
            return PF_STOP_TIMEOUT;
        }
        struct timespec nap = {0, 20000};
        nanosleep(&nap, NULL);
    }
    /* every thread now is one of those: else one was made meanwhile, and may be running */
    n = pf_list_threads(tids, PF_MAX_THREADS);
    for (long i = 0; i < n; i++) {
        int known = tids[i] == me;
        for (size_t k = 0; k < targets && !known; k++)
            known = tids[i] == pf_targets[k];
        for (size_t k = 0; k < pf_skipped_count && !known; k++)
            known = tids[i] == pf_skipped[k];
        if (!known) {
            pf_release();
            return PF_STOP_NEW_THREAD;
        }
    }
    if (n < 0) {
        pf_release();
        return PF_STOP_TOO_MANY;
    }
    *stopped = targets;
    *skipped = pf_skipped_count;
    return PF_STOP_OK;
}

/* Stop and release the other threads once, doing nothing in between: the stop's outcome
 * (PF_STOP_*), for the tests. */
int pf_stop_probe(uint64_t *out) {
    int why = pf_stop_world(&out[0], &out[1]);
    if (why == PF_STOP_OK)
        pf_release();
    return why;
}

/* The file's pages a reclaim dropped (a bit each, by offset in the file): a page dropped once
 * and copied again by a later run is then kept, unless the reclaim is a deep one. Allocated in
 * the kernel at its first reclaim (mmap: never malloc while threads are parked). */
static unsigned char *pf_dropped = NULL;
static size_t pf_dropped_size = 0;

static int pf_dropped_ensure(void) {
    size_t need = ((size_t)pf_end / PF_PAGE + 7) / 8;
    if (need <= pf_dropped_size)
        return 0;
    size_t size = pf_round(need);
    unsigned char *bits = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bits == MAP_FAILED)
        return errno;
    if (pf_dropped != NULL) {
        memcpy(bits, pf_dropped, pf_dropped_size);
        munmap(pf_dropped, pf_dropped_size);
    }
    pf_dropped = bits;
    pf_dropped_size = size;
    return 0;
}

#define PM_PRESENT (1ULL << 63)
#define PM_FILE (1ULL << 61)

/* Drop this process's own copies of file-backed arena pages whose bytes equal the file's, the
 * other threads parked meanwhile (pf_stop_world). flags: PF_DEEP, compare again the pages an
 * earlier reclaim dropped and a run copied again (else they are kept: a run copies them anyway).
 * out[0]: pages looked at (present and private), out[1]: dropped, out[2]: differing, out[3]:
 * kept (dropped before, copied again), out[4]: threads parked, out[5]: libzmq's and jemalloc's
 * threads left running, out[6]: why the threads were not stopped (PF_STOP_*; nothing looked at then). Returns
 * 0, or an errno value (pagemap unreadable, the file cannot be viewed). The file is compared
 * through a read-only view of it, mapped for the call only (a pread per page took ~10 times
 * longer on a loaded machine), for its pages in memory (mincore); the others (swapped out, or
 * a hole) are read with pread, which neither waits on the view nor fills a hole. */
#define PF_DEEP 1
int pf_reclaim(uint64_t *out, int flags) {
    static uint64_t entries[256];
    static unsigned char resident[256];
    static unsigned char file_copy[PF_PAGE];
    for (int k = 0; k < 7; k++)
        out[k] = 0;
    if (pf_fd < 0)
        return EBADF;
    if (pf_end <= 0)
        return 0;
    int err = pf_dropped_ensure();
    if (err)
        return err;
    int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pm < 0)
        return errno;
    const unsigned char *view = mmap(NULL, (size_t)pf_end, PROT_READ, MAP_SHARED, pf_fd, 0);
    if (view == MAP_FAILED) {
        int e = errno;
        close(pm);
        return e;
    }
    int why = pf_stop_world(&out[4], &out[5]);
    out[6] = (uint64_t)why;
    for (size_t i = 0; i < pf_count && !err && why == PF_STOP_OK; i++) {
        if (pf_ranges[i].off < 0 || pf_ranges[i].off + (off_t)pf_ranges[i].mlen > pf_end)
            continue;
        uintptr_t base = pf_ranges[i].addr;
        size_t pages = pf_ranges[i].mlen / PF_PAGE;
        for (size_t first = 0; first < pages && !err; first += 256) {
            size_t n = pages - first < 256 ? pages - first : 256;
            off_t at = (off_t)((base / PF_PAGE + first) * sizeof(uint64_t));
            ssize_t got = pread(pm, entries, n * sizeof(uint64_t), at);
            if (got != (ssize_t)(n * sizeof(uint64_t))) {
                err = got < 0 ? errno : EIO;
                break;
            }
            const unsigned char *chunk = view + pf_ranges[i].off + first * PF_PAGE;
            if (mincore((void *)chunk, n * PF_PAGE, resident) != 0) {
                err = errno;
                break;
            }
            for (size_t k = 0; k < n; k++) {
                uint64_t e = entries[k];
                if (!(e & PM_PRESENT) || (e & PM_FILE))
                    continue; /* not touched, swapped out, or still the file's page */
                out[0]++;
                off_t foff = pf_page_off(&pf_ranges[i], first + k);
                size_t bit = (size_t)foff / PF_PAGE;
                unsigned char mask = (unsigned char)(1u << (bit % 8));
                if (!(flags & PF_DEEP) && (pf_dropped[bit / 8] & mask)) {
                    out[3]++;
                    continue;
                }
                unsigned char *page = (unsigned char *)(base + (first + k) * PF_PAGE);
                const unsigned char *file_page = view + foff;
                unsigned char in_memory = resident[k];
                if (pf_ranges[i].page && mincore((void *)file_page, PF_PAGE, &in_memory) != 0) {
                    err = errno;
                    break;
                }
                if (!(in_memory & 1)) { /* not in memory: read without faulting a page in */
                    if (pread(pf_fd, file_copy, PF_PAGE, foff) != (ssize_t)PF_PAGE) {
                        err = errno ? errno : EIO;
                        break;
                    }
                    file_page = file_copy;
                }
                if (memcmp(page, file_page, PF_PAGE) != 0) {
                    out[2]++;
                    continue;
                }
                if (madvise(page, PF_PAGE, MADV_DONTNEED) == 0) {
                    out[1]++;
                    pf_dropped[bit / 8] |= mask;
                }
            }
        }
    }
    if (why == PF_STOP_OK)
        pf_release();
    munmap((void *)view, (size_t)pf_end);
    close(pm);
    return err;
}
