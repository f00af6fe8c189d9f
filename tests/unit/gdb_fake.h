// gdb_fake.h - a pretend machine under the GDB stub (hv/common/gdb*.c).
//
// Two guest threads (dom0 "debuggee" and dom1 "ticker", one vCPU each),
// 64 KB of memory per domain at 0xc0000000 whose last page is read-only
// to the debugger, the hypervisor's slice refused, debug registers and
// pause/resume recorded, and every byte the stub sends kept. The stub
// is the real code; only the machine is pretend. Also: helpers to frame
// packets as GDB does and to take the stub's output apart again,
// checking every checksum.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include <hv/gdbstub.h>
#include <hv/trace.h>
}

namespace fake {

constexpr uint32_t kBase = 0xc0000000u;
constexpr uint32_t kSize = 0x10000u;
constexpr uint32_t kReadOnly = kBase + kSize - 0x1000u;  // a "page table"
constexpr uint32_t kHvStart = 0xf5800000u;

struct Thread {
    int tid;
    uint16_t dom;
    uint8_t vcpu;
    std::string name;
    uint32_t regs[GDB_NR_GPRS];
    bool paused;
    bool stepping;
};

struct Resume {
    int tid;
    bool step;
};

struct Machine {
    std::vector<Thread> threads;
    std::map<uint16_t, std::vector<uint8_t>> mem;   // kSize bytes at kBase
    std::string sent;
    uint32_t dr[GDB_HW_SLOTS] = {};
    uint32_t dr7 = 0;
    std::vector<Resume> resumed;
    int current = 0;
    int kills = 0;
    int out_of_bounds = 0;      // requests the stub should never make
};

static Machine m;

inline Thread *find(int tid)
{
    for (auto &t : m.threads)
        if (t.tid == tid)
            return &t;
    return nullptr;
}

inline int next_thread(int after)
{
    int best = 0;
    for (auto &t : m.threads)
        if (t.tid > after && (!best || t.tid < best))
            best = t.tid;
    return best;
}

inline bool thread_info(int tid, gdb_thread_info *ti)
{
    Thread *t = find(tid);
    if (!t)
        return false;
    ti->dom = t->dom;
    ti->vcpu = t->vcpu;
    snprintf(ti->name, sizeof(ti->name), "%s", t->name.c_str());
    return true;
}

inline int current_thread() { return m.current; }

inline int get_regs(int tid, uint32_t r[GDB_NR_GPRS])
{
    Thread *t = find(tid);
    if (!t)
        return -ESRCH;
    memcpy(r, t->regs, sizeof(t->regs));
    return 0;
}

inline int set_regs(int tid, const uint32_t r[GDB_NR_GPRS])
{
    Thread *t = find(tid);
    if (!t)
        return -ESRCH;
    memcpy(t->regs, r, sizeof(t->regs));
    return 0;
}

// The byte at va in dom's memory, or an error as the real target gives it.
inline int locate(uint16_t dom, uint32_t va, bool write, uint8_t **p)
{
    if (va >= kHvStart)
        return -EACCES;
    if (va < kBase || va - kBase >= kSize || !m.mem.count(dom))
        return -EFAULT;
    if (write && va >= kReadOnly)
        return -EPERM;
    *p = &m.mem[dom][va - kBase];
    return 0;
}

inline int copy(int tid, uint32_t va, uint8_t *buf, size_t len, bool write)
{
    Thread *t = find(tid);
    if (!t)
        return -ESRCH;
    if (len == 0 || len > GDB_PACKET_MAX)
        m.out_of_bounds++;
    for (size_t i = 0; i < len; i++) {
        uint8_t *p;
        int rc = locate(t->dom, va + (uint32_t)i, write, &p);
        if (rc)
            return i ? (int)i : rc;
        if (write)
            *p = buf[i];
        else
            buf[i] = *p;
    }
    return (int)len;
}

inline int read_mem(int tid, uint32_t va, uint8_t *buf, size_t len)
{
    return copy(tid, va, buf, len, false);
}

inline int write_mem(int tid, uint32_t va, const uint8_t *buf, size_t len)
{
    return copy(tid, va, const_cast<uint8_t *>(buf), len, true);
}

inline int poke(uint16_t dom, uint32_t va, uint8_t byte, uint64_t *where,
                uint8_t *old)
{
    uint8_t *p;
    int rc = locate(dom, va, true, &p);
    if (rc)
        return rc;
    *old = *p;
    *p = byte;
    *where = (uint64_t)dom << 32 | va;
    return 0;
}

inline void unpoke(uint16_t dom, uint64_t where, uint8_t byte)
{
    uint8_t *p;
    if ((where >> 32) != dom || locate(dom, (uint32_t)where, true, &p))
        m.out_of_bounds++;
    else
        *p = byte;
}

inline void set_debugregs(const uint32_t addr[GDB_HW_SLOTS], uint32_t dr7)
{
    memcpy(m.dr, addr, sizeof(m.dr));
    m.dr7 = dr7;
}

inline void pause(int tid)
{
    if (Thread *t = find(tid)) {
        t->paused = true;
        t->stepping = false;
    }
}

inline void resume(int tid, bool step)
{
    if (Thread *t = find(tid)) {
        t->paused = false;
        t->stepping = step;
        m.resumed.push_back({ tid, step });
    }
}

inline bool is_paused(int tid)
{
    Thread *t = find(tid);
    return t && t->paused;
}

inline void kill() { m.kills++; }

inline void send(const char *bytes, size_t len) { m.sent.append(bytes, len); }

inline size_t list_domains(char *buf, size_t size)
{
    int n = snprintf(buf, size, "dom0 debuggee\ndom1 ticker\n");
    return (size_t)n < size ? (size_t)n : size - 1;
}

static const gdb_target target = {
    next_thread, thread_info, current_thread, get_regs, set_regs,
    read_mem, write_mem, poke, unpoke, set_debugregs, pause, resume,
    is_paused, kill, send, list_domains,
};

static trace_rec trace_slots[1024];

// A fresh machine and stub: two running threads, memory 00 01 02 ...
inline void reset()
{
    m = Machine();
    for (int i = 0; i < 2; i++) {
        Thread t = { i + 1, (uint16_t)i, 0, i ? "ticker" : "debuggee", {},
                     false, false };
        for (unsigned int r = 0; r < GDB_NR_GPRS; r++)
            t.regs[r] = 0x1000u * (i + 1) + r;
        t.regs[GDB_EIP] = kBase + 0x100 + 0x10 * i;
        m.threads.push_back(t);
        m.mem[(uint16_t)i].resize(kSize);
        for (uint32_t a = 0; a < kSize; a++)
            m.mem[(uint16_t)i][a] = (uint8_t)(a + i);
    }
    trace_mask = TRACE_MASK_ALL;
    trace_buf_init(0, trace_slots, 1024);
    gdb_init(&target);
}

// ---- The wire, as GDB sees it ------------------------------------------

inline std::string hex(const std::string &s)
{
    static const char d[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

inline std::string unhex(const std::string &s)
{
    std::string out;
    for (size_t i = 0; i + 1 < s.size(); i += 2)
        out += (char)std::stoi(s.substr(i, 2), nullptr, 16);
    return out;
}

inline std::string packet(const std::string &payload)
{
    unsigned int sum = 0;
    char tail[4];
    for (unsigned char c : payload)
        sum += c;
    snprintf(tail, sizeof(tail), "#%02x", sum & 0xff);
    return "$" + payload + tail;
}

inline void feed(const std::string &bytes)
{
    gdb_rx(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
}

struct Wire {
    std::string acks;                   // '+' and '-' in order
    std::vector<std::string> packets;   // payloads, unescaped
    bool well_formed = true;            // every checksum right, nothing else
};

inline Wire parse(const std::string &sent)
{
    Wire w;
    size_t i = 0;
    while (i < sent.size()) {
        if (sent[i] == '+' || sent[i] == '-') {
            w.acks += sent[i++];
            continue;
        }
        size_t hash = sent.find('#', i);
        if (sent[i] != '$' || hash == std::string::npos ||
            hash + 2 >= sent.size()) {
            w.well_formed = false;
            break;
        }
        unsigned int sum = 0;
        std::string payload;
        for (size_t k = i + 1; k < hash; k++) {
            sum += (unsigned char)sent[k];
            if (sent[k] == '}' && k + 1 < hash) {
                sum += (unsigned char)sent[++k];
                payload += (char)(sent[k] ^ 0x20);
            } else {
                payload += sent[k];
            }
        }
        if (!isxdigit((unsigned char)sent[hash + 1]) ||
            !isxdigit((unsigned char)sent[hash + 2]) ||
            std::stoul(sent.substr(hash + 1, 2), nullptr, 16) != (sum & 0xff))
            w.well_formed = false;
        w.packets.push_back(payload);
        i = hash + 3;
    }
    return w;
}

}  // namespace fake
