/*
 * tier2_faults.h — where a host fault inside compiled (tier-2) code goes
 * on: the implicit-check sites of every installed region (ll_backend.h's
 * fault_sites), looked up by the host SIGSEGV handler (mmu_fault.h's
 * resume hook) without a lock.
 */
#ifndef VM_TIER2_FAULTS_H
#define VM_TIER2_FAULTS_H

#include <stdint.h>

#include "ll_backend.h"

/* Registers the n sites of the region code [entry, entry + size); sites
 * must stay valid until t2_faults_remove(entry). Also installs the resume
 * hook (once). Returns false when out of memory: the code must then not
 * run (a fault on a site would not resume). */
bool t2_faults_add(uintptr_t entry, uint64_t size,
                   const struct ll_fault_site *sites, unsigned n);

/* Forgets the region at entry; called before its code is released, when
 * no thread can be running it. */
void t2_faults_remove(uintptr_t entry);

/* The resume hook: the handler pc for a faulting host pc, or 0.
 * Async-signal-safe. */
uintptr_t t2_faults_resume(uintptr_t host_pc);

/* --profile: from now on every region is registered, with or without
 * sites (the compile thread's t2_faults_add), and named by its guest head
 * pc once installed (t2_faults_set_guest_pc). */
void t2_faults_register_all(void);
void t2_faults_set_guest_pc(uintptr_t entry, uint64_t guest_pc);
/* The guest head pc of the region whose code holds host_pc, or 0.
 * Async-signal-safe. */
uint64_t t2_faults_guest_pc(uintptr_t host_pc);

/* Frees the registry (process end: no compiled code runs any more). */
void t2_faults_free(void);

#endif
