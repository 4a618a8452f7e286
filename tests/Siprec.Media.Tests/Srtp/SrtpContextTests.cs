using System.Buffers.Binary;
using System.Security.Cryptography;
using Siprec.Media.Srtp;

namespace Siprec.Media.Tests.Srtp;

public sealed class SrtpContextTests
{
    private const uint Ssrc = 0x11223344;

    public static TheoryData<string> Suites => new() { "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32" };

    [Fact]
    public void Protects_the_reference_packet_with_an_80_bit_tag()
    {
        using var context = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = WithRoom(SrtpTestVectors.RtpPlain, context.RtpOverhead);
        Assert.Equal(38, context.ProtectRtp(buffer, SrtpTestVectors.RtpPlain.Length));
        Assert.Equal(SrtpTestVectors.SrtpSha1_80, buffer);
    }

    [Fact]
    public void Protects_the_reference_packet_with_a_32_bit_tag()
    {
        using var context = Create(SrtpCryptoSuite.AesCm128HmacSha1_32);
        var buffer = WithRoom(SrtpTestVectors.RtpPlain, context.RtpOverhead);
        Assert.Equal(32, context.ProtectRtp(buffer, SrtpTestVectors.RtpPlain.Length));
        Assert.Equal(SrtpTestVectors.SrtpSha1_80[..32], buffer);
    }

    [Fact]
    public void Unprotects_the_reference_packet()
    {
        using var context = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packet = SrtpTestVectors.SrtpSha1_80.ToArray();
        Assert.True(context.TryUnprotectRtp(packet, out var length));
        Assert.Equal(SrtpTestVectors.RtpPlain, packet[..length]);
        Assert.Equal(0, context.RolloverCounterOf(0xCAFEBABE));
    }

    [Fact]
    public void Unprotects_the_reference_srtcp_packet()
    {
        using var context = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packet = SrtpTestVectors.Srtcp.ToArray();
        Assert.True(context.TryUnprotectRtcp(packet, out var length));
        Assert.Equal(SrtpTestVectors.RtcpPlain, packet[..length]);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Protects_srtcp_index_1_as_the_reference(string suiteName)
    {
        Assert.True(SrtpCryptoSuite.TryFromName(suiteName, out var suite));
        using var context = Create(suite);
        var first = WithRoom(SrtpTestVectors.RtcpPlain, context.RtcpOverhead);
        context.ProtectRtcp(first, SrtpTestVectors.RtcpPlain.Length);
        Assert.Equal(0x8000_0000u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(24)));

        var second = WithRoom(SrtpTestVectors.RtcpPlain, context.RtcpOverhead);
        Assert.Equal(38, context.ProtectRtcp(second, SrtpTestVectors.RtcpPlain.Length));
        Assert.Equal(SrtpTestVectors.Srtcp, second);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Round_trips_packets_with_csrcs_and_header_extensions(string suiteName)
    {
        Assert.True(SrtpCryptoSuite.TryFromName(suiteName, out var suite));
        using var sender = Create(suite);
        using var receiver = Create(suite);
        var random = new Random(7);
        for (var sequence = 100; sequence < 160; sequence++)
        {
            var plain = RtpPacket((ushort)sequence, payloadLength: random.Next(0, 200), csrcCount: sequence % 3, extensionWords: sequence % 2, random);
            var buffer = WithRoom(plain, sender.RtpOverhead);
            var protectedLength = sender.ProtectRtp(buffer, plain.Length);
            Assert.Equal(plain.Length + suite.SrtpAuthTagLength, protectedLength);

            Assert.True(receiver.TryUnprotectRtp(buffer, out var length));
            Assert.Equal(plain, buffer[..length]);
        }
    }

    [Fact]
    public void Encrypts_the_payload_but_not_the_header()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var plain = RtpPacket(1, 160, 0, 0, new Random(1));
        var buffer = WithRoom(plain, sender.RtpOverhead);
        sender.ProtectRtp(buffer, plain.Length);
        Assert.Equal(plain[..12], buffer[..12]);
        Assert.NotEqual(plain[12..], buffer[12..plain.Length]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(-1)]
    public void Rejects_a_tampered_packet_and_leaves_it_untouched(int position)
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var plain = RtpPacket(9, 60, 0, 0, new Random(2));
        var buffer = WithRoom(plain, sender.RtpOverhead);
        sender.ProtectRtp(buffer, plain.Length);

        buffer[position < 0 ? buffer.Length + position : position] ^= 0x01;
        var tampered = buffer.ToArray();
        Assert.False(receiver.TryUnprotectRtp(buffer, out var length));
        Assert.Equal(0, length);
        Assert.Equal(tampered, buffer);
    }

    [Fact]
    public void Rejects_a_packet_under_another_key()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, new byte[16], new byte[14]);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var plain = RtpPacket(9, 60, 0, 0, new Random(2));
        var buffer = WithRoom(plain, sender.RtpOverhead);
        sender.ProtectRtp(buffer, plain.Length);
        Assert.False(receiver.TryUnprotectRtp(buffer, out _));
    }

    [Fact]
    public void Rejects_a_replayed_packet()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packet = Protect(sender, 500);
        Assert.True(receiver.TryUnprotectRtp(packet.ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(packet.ToArray(), out _));
    }

    [Fact]
    public void Accepts_reordering_inside_the_window_and_rejects_packets_behind_it()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packets = Enumerable.Range(1000, 100).Select(sequence => Protect(sender, (ushort)sequence)).ToArray();

        Assert.True(receiver.TryUnprotectRtp(packets[0].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[70].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[10].ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(packets[10].ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(packets[6].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[7].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[99].ToArray(), out _));
    }

    [Fact]
    public void Rollover_counter_advances_across_sequence_65535_to_0()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var sequences = Enumerable.Range(65530, 6).Concat(Enumerable.Range(0, 6)).Select(s => (ushort)s).ToArray();
        var packets = sequences.Select(sequence => (Plain: RtpPacket(sequence, 20, 0, 0, new Random(sequence)), Sequence: sequence)).ToArray();
        var protectedPackets = packets.Select(p => ProtectPlain(sender, p.Plain)).ToArray();

        // Deliver 65535 late, after the wrap, to exercise the ROC - 1 estimate.
        int[] order = [0, 1, 2, 3, 4, 6, 7, 5, 8, 9, 10, 11];
        foreach (var i in order)
        {
            var buffer = protectedPackets[i].ToArray();
            Assert.True(receiver.TryUnprotectRtp(buffer, out var length), $"sequence {packets[i].Sequence}");
            Assert.Equal(packets[i].Plain, buffer[..length]);
        }

        Assert.Equal(1, receiver.RolloverCounterOf(Ssrc));
        Assert.Equal(1, sender.RolloverCounterOf(Ssrc));
    }

    [Fact]
    public void Packets_after_the_wrap_use_the_new_rollover_counter_in_the_keystream()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var plain = RtpPacket(5, 32, 0, 0, new Random(3));
        Protect(sender, 65535);
        var afterWrap = ProtectPlain(sender, plain);

        using var fresh = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var withoutWrap = ProtectPlain(fresh, plain);
        Assert.NotEqual(withoutWrap, afterWrap);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(21)]
    public void Rejects_packets_too_short_to_hold_a_header_and_tag(int length)
    {
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packet = new byte[length];
        if (length > 0)
        {
            packet[0] = 0x80;
        }

        Assert.False(receiver.TryUnprotectRtp(packet, out _));
        Assert.False(receiver.TryUnprotectRtcp(packet, out _));
    }

    [Fact]
    public void Rejects_a_header_extension_that_runs_past_the_packet()
    {
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packet = new byte[12 + 4 + 10];
        packet[0] = 0x90;
        packet[14] = 0x00;
        packet[15] = 0x08;
        Assert.False(receiver.TryUnprotectRtp(packet, out _));
    }

    [Fact]
    public void Srtcp_round_trips_and_rejects_tampering_and_replay()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_32);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_32);
        var plain = SrtpTestVectors.RtcpPlain;
        for (var i = 0; i < 5; i++)
        {
            var buffer = WithRoom(plain, sender.RtcpOverhead);
            var protectedLength = sender.ProtectRtcp(buffer, plain.Length);
            Assert.Equal(plain.Length + 14, protectedLength);

            var tampered = buffer.ToArray();
            tampered[10] ^= 0x80;
            Assert.False(receiver.TryUnprotectRtcp(tampered, out _));

            var copy = buffer.ToArray();
            Assert.True(receiver.TryUnprotectRtcp(buffer, out var length));
            Assert.Equal(plain, buffer[..length]);
            Assert.False(receiver.TryUnprotectRtcp(copy, out _));
        }
    }

    [Fact]
    public void Srtcp_without_the_e_flag_is_authenticated_but_not_decrypted()
    {
        var plain = SrtpTestVectors.RtcpPlain;
        var packet = new byte[plain.Length + 14];
        plain.CopyTo(packet, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(plain.Length), 7);
        var authKey = new byte[20];
        SrtpKeyDerivation.Derive(SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt, SrtpKeyLabel.RtcpAuthentication, authKey);
        HMACSHA1.HashData(authKey, packet.AsSpan(0, plain.Length + 4))[..10].CopyTo(packet, plain.Length + 4);

        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        Assert.True(receiver.TryUnprotectRtcp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }

    [Fact]
    public void Master_key_identifier_is_written_and_checked()
    {
        byte[] mki = [0x00, 0x00, 0x00, 0x01];
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt, mki);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt, mki);
        using var other = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt, [0, 0, 0, 2]);

        var plain = RtpPacket(3, 40, 0, 0, new Random(4));
        var buffer = WithRoom(plain, sender.RtpOverhead);
        Assert.Equal(plain.Length + 14, sender.ProtectRtp(buffer, plain.Length));
        Assert.Equal(mki, buffer[plain.Length..(plain.Length + 4)]);

        Assert.False(other.TryUnprotectRtp(buffer.ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(buffer, out var length));
        Assert.Equal(plain, buffer[..length]);
    }

    [Fact]
    public void Protect_rejects_a_buffer_without_room_for_the_tag()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var plain = RtpPacket(3, 40, 0, 0, new Random(4));
        var error = Assert.Throws<ArgumentException>(() => sender.ProtectRtp(plain.ToArray(), plain.Length));
        Assert.Contains($"needs a buffer of {plain.Length + 10}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_master_keys_of_the_wrong_size() =>
        Assert.Contains("16-byte master key", Assert.Throws<ArgumentException>(
            () => new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, new byte[15], new byte[14])).Message, StringComparison.Ordinal);

    [Fact]
    public void Protect_and_unprotect_do_not_allocate_per_packet()
    {
        using var sender = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var receiver = Create(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var plain = RtpPacket(0, 160, 0, 0, new Random(5));
        var buffer = new byte[plain.Length + sender.RtpOverhead];

        void RoundTrip(ushort sequence)
        {
            plain.CopyTo(buffer, 0);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
            sender.ProtectRtp(buffer, plain.Length);
            Assert.True(receiver.TryUnprotectRtp(buffer, out _));
        }

        for (ushort sequence = 0; sequence < 10; sequence++)
        {
            RoundTrip(sequence);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort sequence = 10; sequence < 210; sequence++)
        {
            RoundTrip(sequence);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static SrtpContext Create(SrtpCryptoSuite suite) => new(suite, SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt);

    private static byte[] WithRoom(byte[] plain, int overhead)
    {
        var buffer = new byte[plain.Length + overhead];
        plain.CopyTo(buffer, 0);
        return buffer;
    }

    private static byte[] Protect(SrtpContext sender, ushort sequence) => ProtectPlain(sender, RtpPacket(sequence, 40, 0, 0, new Random(sequence)));

    private static byte[] ProtectPlain(SrtpContext sender, byte[] plain)
    {
        var buffer = WithRoom(plain, sender.RtpOverhead);
        sender.ProtectRtp(buffer, plain.Length);
        return buffer;
    }

    private static byte[] RtpPacket(ushort sequence, int payloadLength, int csrcCount, int extensionWords, Random random)
    {
        var headerLength = 12 + (4 * csrcCount) + (extensionWords > 0 ? 4 + (4 * extensionWords) : 0);
        var packet = new byte[headerLength + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)sequence * 160);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
        random.NextBytes(packet.AsSpan(12, headerLength - 12));
        if (extensionWords > 0)
        {
            var extension = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(extension), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(extension + 2), (ushort)extensionWords);
        }

        random.NextBytes(packet.AsSpan(headerLength));
        return packet;
    }
}
