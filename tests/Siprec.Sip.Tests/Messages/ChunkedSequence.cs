using System.Buffers;

namespace Siprec.Sip.Tests.Messages;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> as a socket reader would see it.</summary>
internal sealed class ChunkedSequence : ReadOnlySequenceSegment<byte>
{
    private ChunkedSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>Splits <paramref name="bytes"/> into segments of at most <paramref name="chunk"/> bytes.</summary>
    public static ReadOnlySequence<byte> Create(byte[] bytes, int chunk)
    {
        if (bytes.Length == 0)
            return ReadOnlySequence<byte>.Empty;
        var first = new ChunkedSequence(bytes.AsMemory(0, Math.Min(chunk, bytes.Length)), 0);
        var last = first;
        for (var offset = chunk; offset < bytes.Length; offset += chunk)
        {
            var next = new ChunkedSequence(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), offset);
            last.Next = next;
            last = next;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
