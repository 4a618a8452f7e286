namespace Siprec.Sip.Overload;

/// <summary>What waits for a request-handling worker right now.</summary>
/// <param name="QueuedNew">New out-of-dialog requests waiting (INVITE, OPTIONS...).</param>
/// <param name="QueuedInvites">Of those, the INVITEs.</param>
/// <param name="QueuedInDialog">In-dialog requests and ACKs waiting.</param>
/// <param name="OldestNewAge">How long the oldest waiting new request has waited; zero when none waits.</param>
/// <param name="Busy">Workers handling a request now.</param>
/// <param name="Overloaded">True when a new request arriving now would be refused.</param>
public readonly record struct SipBacklog(int QueuedNew, int QueuedInvites, int QueuedInDialog, TimeSpan OldestNewAge, int Busy, bool Overloaded);
