using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Siprec.RtpSender.Audio;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Test audio: real speech made by espeak-ng and converted by sox to 8 kHz mono 16-bit WAV, cached on disk
/// (one generation per machine and content), plus synthetic tones.
/// </summary>
public sealed class AudioFixtures
{
    /// <summary>Sample rate of every fixture.</summary>
    public const int SampleRate = 8000;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _cacheDirectory;

    /// <summary>Fixtures cached under the system temp directory.</summary>
    public AudioFixtures()
        : this(Path.Combine(Path.GetTempPath(), "siprec-e2e-audio"))
    {
    }

    /// <summary>Fixtures cached under <paramref name="cacheDirectory"/>.</summary>
    public AudioFixtures(string cacheDirectory)
    {
        _cacheDirectory = cacheDirectory;
        Directory.CreateDirectory(cacheDirectory);
    }

    /// <summary>True when espeak-ng and sox are on PATH.</summary>
    public static bool ToolsInstalled() => OnPath("espeak-ng") && OnPath("sox");

    /// <summary>Path of the 8 kHz mono 16-bit WAV of <paramref name="sample"/>, generated on first use.</summary>
    public string SpeechPath(SpeechSample sample)
    {
        var (voice, text) = sample switch
        {
            SpeechSample.First => ("en-us+m3", "The quick brown fox jumps over the lazy dog, then runs back across the old stone bridge before sunset."),
            SpeechSample.Second => ("en-gb+f3", "Please hold while I check your account. Your order number is four seven two, shipped on Monday morning."),
            _ => throw new ArgumentOutOfRangeException(nameof(sample)),
        };
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voice + "|" + text)))[..12];
        var target = Path.Combine(_cacheDirectory, $"{sample.ToString().ToLowerInvariant()}-{contentHash}.wav");
        if (File.Exists(target))
            return target;
        using var generationLock = LockFor(target);
        if (File.Exists(target))
            return target;
        var raw = target + ".espeak.wav";
        var converted = target + ".tmp.wav";
        Run("espeak-ng", "-v", voice, "-s", "150", "-w", raw, text);
        Run("sox", raw, "-r", SampleRate.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", "-e", "signed-integer", converted);
        File.Delete(raw);
        File.Move(converted, target, overwrite: true);
        return target;
    }

    /// <summary>The samples of <paramref name="sample"/> at 8 kHz.</summary>
    public short[] Speech(SpeechSample sample) => WavFile.Read(SpeechPath(sample)).ToMono().Resample(SampleRate).Channels[0];

    /// <summary>A sine tone at 8 kHz with <paramref name="amplitude"/> out of 32767.</summary>
    public static short[] Tone(double frequencyHz, TimeSpan duration, short amplitude = 8000)
    {
        var samples = new short[(int)(duration.TotalSeconds * SampleRate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / SampleRate));
        return samples;
    }

    /// <summary>Writes a tone as an 8 kHz mono WAV file and returns its path.</summary>
    public static string WriteTone(string path, double frequencyHz, TimeSpan duration)
    {
        WavFile.Write(path, PcmAudio.Mono(SampleRate, Tone(frequencyHz, duration)));
        return path;
    }

    private FileStream LockFor(string target)
    {
        var path = target + ".lock";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < ToolTimeout)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static void Run(string tool, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {ToolTimeout.TotalSeconds} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed with {process.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => File.Exists(Path.Combine(p, tool)));
}
