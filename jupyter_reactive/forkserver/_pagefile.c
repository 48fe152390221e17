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
 *    between (one thread, the GIL held), so the bytes are the same before and after. The file
 *    only grows: a range once written is never written again nor punched (kernels map it).
 *    No arena is ever a shared mapping: a forked child (a kernel, or the fork server's import
 *    probes) writes only to its own copies.
 * 3. pf_reclaim (a forked kernel, idle): each page of a file-backed arena that the process has
 *    its own copy of (present, not a file page: /proc/self/pagemap) and whose bytes equal the
 *    file's is dropped (madvise MADV_DONTNEED): it reads the file's page again, shared with
 *    every other process mapping it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif

#define PF_PAGE 4096UL
#define PF_MAX_RANGES 65536

typedef void *(*pf_alloc_fn)(void *ctx, size_t size);
typedef void (*pf_free_fn)(void *ctx, void *ptr, size_t size);

struct pf_range {
    uintptr_t addr;
    size_t len;  /* the size pymalloc asked for */
    size_t mlen; /* mapped: len rounded up to pages */
    off_t off;   /* in the file, or -1: still anonymous */
};

static int pf_fd = -1;
static off_t pf_end = 0; /* the file's size: where the next arena goes */
static struct pf_range pf_ranges[PF_MAX_RANGES];
static size_t pf_count = 0;
static void *pf_old_ctx = NULL;
static pf_alloc_fn pf_old_alloc = NULL;
static pf_free_fn pf_old_free = NULL;

static uint64_t pf_migrated_total, pf_untracked, pf_freed_file;

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
        if (r.off >= 0) { /* the file's range stays: kernels may map it */
            munmap(ptr, r.mlen);
            pf_freed_file++;
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

/* Every anonymous noted arena into the file, and mapped privately from it. Returns how many
 * were moved, or -errno of the first that could not be (that one and those after it stay
 * anonymous, which is always safe). */
long pf_migrate(void) {
    if (pf_fd < 0)
        return -EBADF;
    long moved = 0;
    for (size_t i = 0; i < pf_count; i++) {
        struct pf_range *r = &pf_ranges[i];
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

#define PM_PRESENT (1ULL << 63)
#define PM_FILE (1ULL << 61)

/* Drop this process's own copies of file-backed arena pages whose bytes equal the file's.
 * out[0]: pages looked at (present and private), out[1]: dropped, out[2]: differing. Returns
 * 0, or an errno value (pagemap unreadable, the file cannot be viewed). The file is compared
 * through a read-only view of it, mapped for the call only (a pread per page took ~10 times
 * longer on a loaded machine), for its pages in memory (mincore); the others (swapped out, or
 * a hole) are read with pread, which neither waits on the view nor fills a hole. */
int pf_reclaim(uint64_t *out) {
    static uint64_t entries[256];
    static unsigned char resident[256];
    static unsigned char file_copy[PF_PAGE];
    out[0] = out[1] = out[2] = 0;
    if (pf_fd < 0)
        return EBADF;
    if (pf_end <= 0)
        return 0;
    int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pm < 0)
        return errno;
    const unsigned char *view = mmap(NULL, (size_t)pf_end, PROT_READ, MAP_SHARED, pf_fd, 0);
    if (view == MAP_FAILED) {
        int e = errno;
        close(pm);
        return e;
    }
    int err = 0;
    for (size_t i = 0; i < pf_count && !err; i++) {
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
                unsigned char *page = (unsigned char *)(base + (first + k) * PF_PAGE);
                const unsigned char *file_page = chunk + k * PF_PAGE;
                if (!(resident[k] & 1)) { /* not in memory: read without faulting a page in */
                    off_t foff = pf_ranges[i].off + (off_t)((first + k) * PF_PAGE);
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
                if (madvise(page, PF_PAGE, MADV_DONTNEED) == 0)
                    out[1]++;
            }
        }
    }
    munmap((void *)view, (size_t)pf_end);
    close(pm);
    return err;
}
