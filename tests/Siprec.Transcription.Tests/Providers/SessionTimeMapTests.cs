using Siprec.Transcription.Providers;

namespace Siprec.Transcription.Tests.Providers;

public sealed class SessionTimeMapTests
{
    [Fact]
    public void Contiguous_audio_is_shifted_by_the_first_offset()
    {
        var map = new SessionTimeMap(16000);
        for (var i = 0; i < 50; i++)
        {
            map.Record(320, TimeSpan.FromSeconds(7) + TimeSpan.FromMilliseconds(20 * i));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), map.Sent);
        Assert.Equal(TimeSpan.FromSeconds(7.5), map.ToSession(TimeSpan.FromSeconds(0.5)));
    }

    [Fact]
    public void A_paused_window_moves_later_audio_to_its_session_time()
    {
        var map = new SessionTimeMap(8000);
        map.Record(8000, TimeSpan.Zero);
        map.Record(8000, TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(0.5), map.ToSession(TimeSpan.FromSeconds(0.5)));
        Assert.Equal(TimeSpan.FromSeconds(10), map.ToSession(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(10.75), map.ToSession(TimeSpan.FromSeconds(1.75)));
    }

    [Fact]
    public void Jitter_below_the_tolerance_adds_no_anchor()
    {
        var map = new SessionTimeMap(8000);
        map.Record(160, TimeSpan.Zero);
        map.Record(160, TimeSpan.FromMilliseconds(21));
        Assert.Equal(TimeSpan.FromMilliseconds(30), map.ToSession(TimeSpan.FromMilliseconds(30)));
    }
}
