using System.Security.Cryptography;

namespace Siprec.Recording.Control;

/// <summary>
/// Random (version 4) event ids for one bulk operation, drawn from the system's random source in one call: a new
/// <see cref="Guid"/> per id asks the kernel once per session.
/// </summary>
internal sealed class PauseEventIds
{
    private const int IdBytes = 16;
    private readonly byte[] _random;
    private int _next;

    /// <summary>Draws the randomness of <paramref name="count"/> ids.</summary>
    public PauseEventIds(int count)
    {
        _random = new byte[Math.Max(count, 1) * IdBytes];
        RandomNumberGenerator.Fill(_random);
    }

    /// <summary>The next id, 32 lowercase hex digits like <c>Guid.ToString("N")</c>; a fresh <see cref="Guid"/> once the block is used up.</summary>
    public string Next()
    {
        if (_next + IdBytes > _random.Length)
        {
            return Guid.NewGuid().ToString("N");
        }

        Span<byte> bytes = _random.AsSpan(_next, IdBytes);
        _next += IdBytes;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("N");
    }
}
