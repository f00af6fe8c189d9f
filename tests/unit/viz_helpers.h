// viz_helpers.h - shared by the visualizer's unit tests: trace streams
// built and framed by the hypervisor's own encoder, a model that frees
// itself, and screens read back as text.
#ifndef XENLAB_TEST_VIZ_HELPERS_H
#define XENLAB_TEST_VIZ_HELPERS_H

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

extern "C" {
#include <hv/trace.h>
#include "visualizer/canvas.h"
#include "visualizer/frame.h"
#include "visualizer/logview.h"
#include "visualizer/model.h"
}

namespace viz {

inline trace_rec make_rec(uint32_t id, uint16_t dom,
                          std::initializer_list<uint32_t> words,
                          uint32_t seq = 0, uint64_t tsc = 0, uint8_t cpu = 0)
{
    trace_rec r = {};
    r.event = id | ((uint32_t)words.size() << TRACE_EXTRA_SHIFT);
    r.seq = seq;
    r.tsc = tsc;
    r.dom = dom;
    r.cpu = cpu;
    unsigned i = 0;
    for (uint32_t w : words)
        r.data[i++] = w;
    return r;
}

// A byte stream as COM2 would carry it: a header, then records with
// consecutive sequence numbers and a TSC that moves `ticks` per record.
class Stream {
public:
    explicit Stream(uint32_t khz = 1000000) : khz_(khz)
    {
        add(TRC_XL_STREAM, DOMID_IDLE,
            {TRACE_STREAM_MAGIC, TRACE_STREAM_VERSION, khz, 1, TRACE_MASK_ALL}, 0);
    }

    // Appends one record; returns its sequence number.
    uint32_t add(uint32_t id, uint16_t dom, std::initializer_list<uint32_t> words,
                 uint64_t ticks = 1000, uint8_t cpu = 0)
    {
        tsc_ += ticks;
        trace_rec r = make_rec(id, dom, words, seq_, tsc_, cpu);
        append(r);
        return seq_++;
    }

    void skip_seq(uint32_t n) { seq_ += n; }
    void append(const trace_rec &r)
    {
        uint8_t buf[TRACE_FRAME_MAX_BYTES];
        size_t len = trace_frame_encode(&r, buf);
        bytes.insert(bytes.end(), buf, buf + len);
    }
    uint64_t tsc() const { return tsc_; }

    std::vector<uint8_t> bytes;

private:
    uint32_t khz_;
    uint32_t seq_ = 0;
    uint64_t tsc_ = 1000000;
};

class Model {
public:
    Model() { EXPECT_EQ(model_init(&m), 0); }
    ~Model() { model_free(&m); }
    Model(const Model &) = delete;
    Model &operator=(const Model &) = delete;

    void feed(const Stream &s) { model_feed(&m, s.bytes.data(), s.bytes.size()); }
    void take(const trace_rec &r)
    {
        tdec_info info = {};
        model_record(&m, &r, &info);
    }

    model m;
};

// A canvas read back row by row.
inline std::vector<std::string> rows_of(const canvas &c)
{
    std::vector<std::string> rows;
    char line[4096];
    for (int y = 0; y < c.h; y++) {
        canvas_row_text(&c, y, line, sizeof(line));
        rows.push_back(line);
    }
    return rows;
}

inline std::string joined(const std::vector<std::string> &rows)
{
    std::string all;
    for (const auto &r : rows)
        all += r + "\n";
    return all;
}

// The whole screen of hvviz for a model, as text.
inline std::string screen(const model &m, int w, int h, int focus = PANEL_EVENTS,
                          const char *filter = nullptr, bool lesson = false)
{
    canvas c;
    logview lv;
    frame_state fs;
    char err[256];

    EXPECT_EQ(canvas_init(&c, w, h, false), 0);
    EXPECT_EQ(logview_init(&lv), 0);
    if (filter) {
        EXPECT_EQ(logview_set(&lv, filter, err, sizeof(err)), 0) << err;
    }
    frame_state_init(&fs, &lv);
    snprintf(fs.source, sizeof(fs.source), "test.bin");
    snprintf(fs.state, sizeof(fs.state), "snapshot");
    fs.enabled[PANEL_LESSON] = lesson;
    fs.focus = focus;
    frame_draw(&c, &m, &fs);
    std::string text = joined(rows_of(c));
    logview_free(&lv);
    canvas_free(&c);
    return text;
}

}  // namespace viz

#endif
