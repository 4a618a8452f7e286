using Siprec.RtpSender.Audio;
using Siprec.RtpSender.CommandLine;
using Siprec.RtpSender.Sending;

RtpSendPlan plan;
try
{
    plan = SenderArguments.Parse(args);
}
catch (Exception e) when (e is ArgumentException or WavFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"rtpsender: {e.Message}");
    Console.Error.WriteLine(SenderArguments.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
RtpSendReport report;
try
{
    report = await new RtpStreamSender().SendAsync(plan, stop.Token);
}
catch (Exception e) when (e is ArgumentException or NotSupportedException)
{
    Console.Error.WriteLine($"rtpsender: {e.Message}");
    return 2;
}
for (var i = 0; i < report.Streams.Count; i++)
{
    var s = report.Streams[i];
    Console.WriteLine(
        $"stream {i + 1} -> {plan.Streams[i].Destination}: {s.DatagramsSent} datagrams, {s.AudioPackets} audio packets "
        + $"({s.AudioPacketsDropped} dropped, {s.AudioPacketsReordered} reordered, {s.AudioPacketsDuplicated} duplicated), "
        + $"{s.EventPackets} event packets, SSRC {string.Join(" then ", s.Ssrcs)}");
}
return report.Cancelled ? 1 : 0;
