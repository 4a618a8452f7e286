using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Siprec.Recording.Vcon;

namespace Siprec.Recording.Tests.Vcon;

/// <summary>The draft's recommended version 8 UUID: version 7 layout, low 62 bits from the SHA-1 of the host name.</summary>
public sealed class VconUuidTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 6, 14, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void LayoutIsVersion8WithTheStartInMillisecondsAndTheHostHashInTheLast62Bits()
    {
        var uuid = VconUuid.Create(Start, "call-7", "srs.example.com");
        var bytes = Convert.FromHexString(uuid.Replace("-", string.Empty, StringComparison.Ordinal));

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uuid);
        Assert.Equal((ulong)Start.ToUnixTimeMilliseconds(), BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
        var hostBits = BinaryPrimitives.ReadUInt64BigEndian(SHA1.HashData(Encoding.UTF8.GetBytes("srs.example.com"))) >> 2;
        Assert.Equal(hostBits, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)) & 0x3FFF_FFFF_FFFF_FFFF);
    }

    [Fact]
    public void TheSameCallGivesTheSameUuidAndAnotherCallOrHostAnother()
    {
        var uuid = VconUuid.Create(Start, "call-7", "srs.example.com");

        Assert.Equal(uuid, VconUuid.Create(Start, "call-7", "SRS.example.com"));
        Assert.NotEqual(uuid, VconUuid.Create(Start, "call-8", "srs.example.com"));
        Assert.NotEqual(uuid, VconUuid.Create(Start, "call-7", "srs2.example.com"));
    }
}
