namespace Siprec.RtpSender.Audio;

/// <summary>A WAV file that is not 16-bit linear PCM RIFF/WAVE, or is truncated.</summary>
public sealed class WavFormatException(string message) : Exception(message);
