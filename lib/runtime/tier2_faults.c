/*
 * tier2_faults.c — the registry behind tier2_faults.h: a singly linked
 * list of region records that only grows (a record of a released region
 * is marked free and reused), so that the signal handler can walk it
 * while the compile thread adds and removes regions. A record is
 * published by a release store of its entry after its other fields are
 * written, and unpublished by storing 0 before its code (and sites) go;
 * the handler reads the sites only for a pc inside the record's code,
 * which a thread can execute only while the code is installed.
 *
 * --profile registers every region (t2_faults_register_all), sites or
 * not, and names its guest head pc, so that a sample in tier-2 code finds
 * its region (t2_faults_guest_pc).
 */
#include "tier2_faults.h"

#include <pthread.h>
#include <stdlib.h>

#include "mmu_fault.h"

struct fault_record {
    uintptr_t entry; /* 0: free (atomic) */
    uintptr_t end;
    const struct ll_fault_site *sites;
    unsigned n;
    uint64_t guest_pc; /* the region's head, 0 until named (atomic) */
    struct fault_record *next; /* never changes once linked */
};

static struct fault_record *records; /* head (atomic) */
static pthread_mutex_t writers = PTHREAD_MUTEX_INITIALIZER;
static bool register_all; /* --profile: regions without sites too */

void t2_faults_register_all(void)
{
    __atomic_store_n(&register_all, true, __ATOMIC_RELEASE);
}

bool t2_faults_add(uintptr_t entry, uint64_t size,
                   const struct ll_fault_site *sites, unsigned n)
{
    if (!n && !__atomic_load_n(&register_all, __ATOMIC_ACQUIRE))
        return true;
    mmu_fault_set_resume(t2_faults_resume);
    pthread_mutex_lock(&writers);
    struct fault_record *r = records;
    while (r && __atomic_load_n(&r->entry, __ATOMIC_RELAXED))
        r = r->next;
    if (!r) {
        r = calloc(1, sizeof(*r));
        if (!r) {
            pthread_mutex_unlock(&writers);
            return false;
        }
        r->next = records;
        __atomic_store_n(&records, r, __ATOMIC_RELEASE);
    }
    r->end = entry + size;
    r->sites = sites;
    r->n = n;
    __atomic_store_n(&r->guest_pc, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&r->entry, entry, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&writers);
    return true;
}

void t2_faults_remove(uintptr_t entry)
{
    if (!entry)
        return;
    pthread_mutex_lock(&writers);
    for (struct fault_record *r = records; r; r = r->next)
        if (__atomic_load_n(&r->entry, __ATOMIC_RELAXED) == entry)
            __atomic_store_n(&r->entry, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&writers);
}

uintptr_t t2_faults_resume(uintptr_t host_pc)
{
    for (struct fault_record *r = __atomic_load_n(&records, __ATOMIC_ACQUIRE);
         r; r = r->next) {
        uintptr_t entry = __atomic_load_n(&r->entry, __ATOMIC_ACQUIRE);
        if (!entry || host_pc < entry || host_pc >= r->end)
            continue;
        for (unsigned i = 0; i < r->n; i++)
            if (entry + r->sites[i].fault_off == host_pc)
                return entry + r->sites[i].resume_off;
        return 0;
    }
    return 0;
}

void t2_faults_set_guest_pc(uintptr_t entry, uint64_t guest_pc)
{
    pthread_mutex_lock(&writers);
    for (struct fault_record *r = records; r; r = r->next)
        if (__atomic_load_n(&r->entry, __ATOMIC_RELAXED) == entry)
            __atomic_store_n(&r->guest_pc, guest_pc, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&writers);
}

uint64_t t2_faults_guest_pc(uintptr_t host_pc)
{
    for (struct fault_record *r = __atomic_load_n(&records, __ATOMIC_ACQUIRE);
         r; r = r->next) {
        uintptr_t entry = __atomic_load_n(&r->entry, __ATOMIC_ACQUIRE);
        if (entry && host_pc >= entry && host_pc < r->end)
            return __atomic_load_n(&r->guest_pc, __ATOMIC_ACQUIRE);
    }
    return 0;
}

void t2_faults_free(void)
{
    pthread_mutex_lock(&writers);
    struct fault_record *r = records;
    __atomic_store_n(&records, NULL, __ATOMIC_RELEASE);
    while (r) {
        struct fault_record *next = r->next;
        free(r);
        r = next;
    }
    pthread_mutex_unlock(&writers);
}
