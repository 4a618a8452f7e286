using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class L16Tests
{
    [Fact]
    public void Decodes_network_byte_order()
    {
        using var decoder = new L16Decoder(16000);
        var pcm = new short[3];
        Assert.Equal(3, decoder.Decode([0x12, 0x34, 0xFF, 0xFE, 0x80, 0x00], pcm));
        Assert.Equal(new short[] { 0x1234, -2, short.MinValue }, pcm);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Round_trips_exactly(int rate)
    {
        var input = TestSignal.SpeechLike(rate, rate / 50);
        using var encoder = new L16Encoder(rate);
        using var decoder = new L16Decoder(rate);
        var payload = new byte[input.Length * 2];
        Assert.Equal(payload.Length, encoder.Encode(input, payload));
        var output = new short[decoder.MaxSamplesFor(payload.Length)];
        Assert.Equal(input.Length, decoder.Decode(payload, output));
        Assert.Equal(input, output);
        Assert.Equal(rate, decoder.SampleRate);
    }

    [Fact]
    public void Downmixes_stereo_by_averaging_each_frame()
    {
        using var decoder = new L16Decoder(48000, channels: 2);
        byte[] payload = [0x03, 0xE8, 0x01, 0xF4, 0x80, 0x00, 0x80, 0x00];
        var pcm = new short[decoder.MaxSamplesFor(payload.Length)];
        Assert.Equal(2, decoder.Decode(payload, pcm));
        Assert.Equal(new short[] { 750, short.MinValue }, pcm);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    public void Rejects_a_partial_frame(int channels, int length)
    {
        using var decoder = new L16Decoder(16000, channels);
        var error = Assert.Throws<InvalidDataException>(() => decoder.Decode(new byte[length], new short[8]));
        Assert.Contains($"{length} is not", error.Message, StringComparison.Ordinal);
    }
}
