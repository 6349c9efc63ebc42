//! What wakes the run loop: a terminal event, a signal, or one of `Io`'s
//! threads with a result for `Io::poll`. The loop blocks on this one channel
//! (and on a timer only when one is due): an idle session does not wake up.

use std::sync::mpsc::{self, Receiver, Sender};

use ratatui::crossterm::event::Event;

pub enum Wake {
    /// What the terminal sent (an error: it cannot be read any more).
    Input(std::io::Result<Event>),
    /// A signal arrived: hang-up or termination.
    Signal,
    /// A thread has a result waiting: `Io::poll` collects it.
    Io,
}

/// A handle that wakes the run loop, cloned into each thread.
#[derive(Clone, Default)]
pub struct Waker(Option<Sender<Wake>>);

impl Waker {
    /// A waker and the loop's end of it.
    pub fn channel() -> (Waker, Receiver<Wake>) {
        let (sender, receiver) = mpsc::channel();
        (Waker(Some(sender)), receiver)
    }

    /// Wakes the loop for `Io::poll`; nobody to wake (tests, the loop
    /// gone) is no error.
    pub fn wake(&self) {
        self.send(Wake::Io);
    }

    /// Sends `wake`; false when the loop is gone.
    pub fn send(&self, wake: Wake) -> bool {
        self.0.as_ref().is_some_and(|s| s.send(wake).is_ok())
    }
}
