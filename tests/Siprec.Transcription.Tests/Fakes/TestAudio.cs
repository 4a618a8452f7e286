namespace Siprec.Transcription.Tests.Fakes;

/// <summary>Synthetic audio for tests.</summary>
internal static class TestAudio
{
    public static short[] Tone(int sampleRate, TimeSpan duration, double frequency = 440, double amplitude = 8000)
    {
        var samples = new short[(int)(sampleRate * duration.TotalSeconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    public static short[] Silence(int sampleRate, TimeSpan duration) => new short[(int)(sampleRate * duration.TotalSeconds)];

    /// <summary>Writes <paramref name="audio"/> to <paramref name="write"/> in 20 ms packets starting at <paramref name="startSample"/>; returns the next position.</summary>
    public static long WritePackets(short[] audio, int sampleRate, long startSample, Func<short[], long, bool> write)
    {
        var packet = sampleRate / 50;
        for (var offset = 0; offset < audio.Length; offset += packet)
        {
            var length = Math.Min(packet, audio.Length - offset);
            write(audio.AsSpan(offset, length).ToArray(), startSample + offset);
        }

        return startSample + audio.Length;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
