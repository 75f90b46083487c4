//! The wasm module's allocator: Talc, over a wasm memory that grows by at least 1/32 of its
//! size at a time.
//!
//! - Talc instead of the default dlmalloc: a job's answer is parsed into many small
//!   allocations, where dlmalloc's malloc was the largest share of the wasm's time on the hot
//!   path (bench/hotpath.mjs); Talc is faster there and smaller in the module.
//! - Talc's own wasm source grows the memory by what one allocation needs, one 64 KiB page
//!   most of the time. Each `memory.grow` costs V8 more the larger the memory is, so a heap
//!   that grew to 225 MB a page at a time (80,000 jobs held) made every call 5x slower
//!   (bench/hotpath.mjs, "while the heap grows"). A step of 1/32 of the memory takes ~30x fewer
//!   grows on the way to such sizes and leaves at most ~3 % of the memory unused at the top.

use core::alloc::Layout;
use core::arch::wasm32::{memory_grow, memory_size};
use core::ptr::NonNull;

use talc::base::binning::Binning;
use talc::base::{Talc, CHUNK_UNIT};
use talc::cell::TalcSyncCell;
use talc::source::Source;
use talc::wasm::WasmBinning;

#[global_allocator]
static ALLOCATOR: TalcSyncCell<GrowByFraction, WasmBinning> = TalcSyncCell::new_wasm(GrowByFraction { end: None });

const PAGE: usize = 65536;
/// The memory grows by at least 1/GROWTH_DIVISOR of its size.
const GROWTH_DIVISOR: usize = 32;

/// talc's `WasmGrowAndExtend` but for how many pages it asks for: extends the heap (or claims
/// a new one) over the memory that `memory.grow` just added.
#[derive(Debug)]
struct GrowByFraction {
    /// The end of the heap, once there is one.
    end: Option<NonNull<u8>>,
}

// SAFETY: `acquire` only claims or extends memory that `memory.grow` has just added to the
// module (nothing else uses it) and allocates nothing itself.
unsafe impl Source for GrowByFraction {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        // What the allocation needs with Talc's overheads (chunk tail, alignment, a new heap's
        // metadata), in pages; then the step, unless the memory cannot grow that much.
        let needed = (layout.size() + layout.align() + 4 * CHUNK_UNIT).div_ceil(PAGE);
        let step = needed.max(memory_size::<0>() / GROWTH_DIVISOR);
        let (start, pages) = match memory_grow::<0>(step) {
            usize::MAX if step > needed => (memory_grow::<0>(needed), needed),
            start => (start, step),
        };
        if start == usize::MAX {
            return Err(());
        }
        let base = (start * PAGE) as *mut u8;
        // The last page of a full 4 GiB memory ends past usize::MAX: saturate, as talc does.
        let end = base.wrapping_add((pages * PAGE).min(usize::MAX - start * PAGE));
        talc.source.end = match talc.source.end.take() {
            // SAFETY: the new pages follow the heap's end: they extend it.
            Some(old_end) if old_end.as_ptr() == base => Some(unsafe { talc.extend(old_end, end) }),
            // SAFETY: the new pages belong to no heap yet.
            _ => unsafe { talc.claim(base, pages * PAGE) },
        };
        Ok(())
    }
}
