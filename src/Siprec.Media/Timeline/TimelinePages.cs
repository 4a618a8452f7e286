using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Siprec.Media.Timeline;

/// <summary>
/// The samples of a session timeline, one page per channel per 20 ms block, addressed by block number modulo the
/// block count. A page is taken only when audio lands in its block and goes back to this ring's own spares once the
/// writer has drained the block, so memory follows the audio actually held (the jitter delay and one write batch),
/// not the capacity kept for drift; a block no stream wrote reads as silence. Not thread-safe: the timeline buffer
/// calls it under its lock.
/// </summary>
internal sealed class TimelinePages
{
    private readonly short[]?[][] _pages;
    private readonly Stack<short[]> _spares = new();
    private readonly int _blockSamples;
    private readonly int _blocks;

    /// <summary>Creates the pages of <paramref name="channels"/> channels over <paramref name="blocks"/> blocks of <paramref name="blockSamples"/>.</summary>
    public TimelinePages(int channels, int blocks, int blockSamples)
    {
        _blockSamples = blockSamples;
        _blocks = blocks;
        _pages = new short[]?[channels][];
        for (int c = 0; c < channels; c++)
            _pages[c] = new short[]?[blocks];
    }

    /// <summary>Pages allocated so far, in use or spare.</summary>
    public int Allocated { get; private set; }

    /// <summary>Copies <paramref name="samples"/> of <paramref name="channel"/> to session-clock <paramref name="start"/>; the caller keeps it within capacity.</summary>
    public void Write(int channel, long start, ReadOnlySpan<short> samples)
    {
        short[]?[] pages = _pages[channel];
        while (!samples.IsEmpty)
        {
            long block = start / _blockSamples;
            int offset = (int)(start - (block * _blockSamples));
            int take = Math.Min(samples.Length, _blockSamples - offset);
            ref short[]? page = ref pages[(int)(block % _blocks)];
            page ??= Take();
            samples[..take].CopyTo(page.AsSpan(offset));
            samples = samples[take..];
            start += take;
        }
    }

    /// <summary>
    /// Writes the frames from session-clock <paramref name="position"/> on, as many as <paramref name="output"/> holds
    /// whole, interleaved; the stretch must lie within one block.
    /// </summary>
    public void Interleave(long position, Span<short> output)
    {
        long block = position / _blockSamples;
        int slot = (int)(block % _blocks);
        int offset = (int)(position - (block * _blockSamples));
        int channels = _pages.Length;
        int count = output.Length / channels;
        if (channels == 2 && _pages[0][slot] is { } left && _pages[1][slot] is { } right)
        {
            InterleaveStereo(left.AsSpan(offset, count), right.AsSpan(offset, count), output[..(2 * count)]);
            return;
        }

        for (int c = 0; c < channels; c++)
        {
            if (_pages[c][slot] is not { } page)
            {
                for (int i = 0; i < count; i++)
                    output[(i * channels) + c] = 0;
                continue;
            }

            ReadOnlySpan<short> source = page.AsSpan(offset, count);
            for (int i = 0; i < source.Length; i++)
                output[(i * channels) + c] = source[i];
        }
    }

    /// <summary>Hands the pages of the block at <paramref name="position"/> back to the spares, cleared for their next block.</summary>
    public void Release(long position)
    {
        int slot = (int)(position / _blockSamples % _blocks);
        foreach (short[]?[] pages in _pages)
        {
            if (pages[slot] is not { } page)
                continue;
            pages[slot] = null;
            Array.Clear(page);
            _spares.Push(page);
        }
    }

    private short[] Take()
    {
        if (_spares.TryPop(out short[]? page))
            return page;
        Allocated++;
        return new short[_blockSamples];
    }

    private static void InterleaveStereo(ReadOnlySpan<short> left, ReadOnlySpan<short> right, Span<short> output)
    {
        // Two legs are the common case: pairs of 8 samples are zipped in one instruction each where the hardware has it.
        int count = left.Length;
        int i = 0;
        ref short l = ref MemoryMarshal.GetReference(left);
        ref short r = ref MemoryMarshal.GetReference(right);
        ref short o = ref MemoryMarshal.GetReference(output);
        if (Sse2.IsSupported || AdvSimd.Arm64.IsSupported)
        {
            for (; i <= count - Vector128<short>.Count; i += Vector128<short>.Count)
            {
                Vector128<short> a = Vector128.LoadUnsafe(ref l, (nuint)i);
                Vector128<short> b = Vector128.LoadUnsafe(ref r, (nuint)i);
                (Vector128<short> low, Vector128<short> high) = Zip(a, b);
                low.StoreUnsafe(ref o, (nuint)(2 * i));
                high.StoreUnsafe(ref o, (nuint)((2 * i) + Vector128<short>.Count));
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref o, 2 * i) = Unsafe.Add(ref l, i);
            Unsafe.Add(ref o, (2 * i) + 1) = Unsafe.Add(ref r, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<short> Low, Vector128<short> High) Zip(Vector128<short> a, Vector128<short> b) =>
        Sse2.IsSupported
            ? (Sse2.UnpackLow(a, b), Sse2.UnpackHigh(a, b))
            : (AdvSimd.Arm64.ZipLow(a, b), AdvSimd.Arm64.ZipHigh(a, b));
}
