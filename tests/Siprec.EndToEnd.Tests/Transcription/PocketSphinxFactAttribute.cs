using System.Runtime.InteropServices;
using Siprec.EndToEnd.Tests.Infrastructure;

namespace Siprec.EndToEnd.Tests.Transcription;

/// <summary>An integration fact that also needs Debian's libpocketsphinx3 and pocketsphinx-en-us; skipped with the reason when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PocketSphinxFactAttribute : FactAttribute
{
    private const string ModelFile = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";

    /// <summary>Sets Skip when the server integration, the library or the model is missing.</summary>
    public PocketSphinxFactAttribute()
    {
        if (!ServerIntegration.IsWired)
            Skip = ServerIntegration.SkipReason;
        else if (!NativeLibrary.TryLoad("libpocketsphinx.so.3", out var handle))
            Skip = "libpocketsphinx3 is not installed (apt-get install libpocketsphinx3)";
        else
        {
            NativeLibrary.Free(handle);
            if (!File.Exists(ModelFile))
                Skip = "pocketsphinx-en-us is not installed (no " + ModelFile + ")";
        }
    }
}
