using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class TelephoneEventTests
{
    [Theory]
    [InlineData(new byte[] { 0x05, 0x0A, 0x00, 0xA0 }, 5, false, 10, 160, '5')]
    [InlineData(new byte[] { 0x0B, 0x8A, 0x03, 0x20 }, 11, true, 10, 800, '#')]
    [InlineData(new byte[] { 0x0A, 0x3F, 0xFF, 0xFF }, 10, false, 63, 65535, '*')]
    [InlineData(new byte[] { 0x0C, 0xC0, 0x00, 0x00 }, 12, true, 0, 0, 'A')]
    [InlineData(new byte[] { 0x0F, 0x00, 0x01, 0x40, 0x99 }, 15, false, 0, 320, 'D')]
    public void Reads_event_end_volume_and_duration(byte[] payload, int code, bool end, int volume, int duration, char symbol)
    {
        Assert.True(TelephoneEvent.TryRead(payload, out var value));
        Assert.Equal(new TelephoneEvent((byte)code, end, (byte)volume, (ushort)duration), value);
        Assert.Equal(symbol, value.Symbol);
    }

    [Fact]
    public void Reserved_bit_is_ignored_on_read()
    {
        Assert.True(TelephoneEvent.TryRead([0x01, 0x40 | 0x07, 0x00, 0x50], out var value));
        Assert.Equal(new TelephoneEvent(1, false, 7, 80), value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Short_payload_is_not_read(int length) =>
        Assert.False(TelephoneEvent.TryRead(new byte[length], out _));

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(255)]
    public void Non_dtmf_events_have_no_symbol(int code) =>
        Assert.Null(new TelephoneEvent((byte)code, false, 0, 0).Symbol);

    [Fact]
    public void Write_then_read_round_trips()
    {
        var original = new TelephoneEvent(9, true, 12, 1280);
        var buffer = new byte[4];
        Assert.True(original.TryWrite(buffer));
        Assert.Equal(new byte[] { 0x09, 0x8C, 0x05, 0x00 }, buffer);
        Assert.True(TelephoneEvent.TryRead(buffer, out var read));
        Assert.Equal(original, read);
        Assert.False(original.TryWrite(new byte[3]));
    }

    [Fact]
    public void Write_rejects_a_volume_above_63() =>
        Assert.Contains("6 bits", Assert.Throws<InvalidOperationException>(() => new TelephoneEvent(1, false, 64, 0).TryWrite(new byte[4])).Message, StringComparison.Ordinal);
}
