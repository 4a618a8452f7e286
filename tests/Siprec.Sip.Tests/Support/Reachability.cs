using System.Runtime.CompilerServices;

namespace Siprec.Sip.Tests.Support;

/// <summary>Tells whether the stack still holds an object, once the test's own references are gone.</summary>
internal static class Reachability
{
    /// <summary>True once <paramref name="reference"/>'s target has been collected, trying for a bounded while.</summary>
    public static async Task<bool> CollectedAsync(WeakReference reference)
    {
        // The handler's continuation may still be unwinding when the response reaches the peer.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!reference.IsAlive)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Drops the transactions the test handler recorded, so only the stack can keep them alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ForgetRecordedRequests(RecordingRequestHandler handler)
    {
        while (handler.Requests.Reader.TryRead(out _))
        {
        }
    }
}
