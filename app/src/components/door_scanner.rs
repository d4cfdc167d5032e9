//! The camera scanner of the check-in page (hydrated, where the browser
//! reads QR codes): it fills the door-code field with what it reads and
//! sends the form. Without it, the phone's own camera app opens the QR
//! code's link on the same page, and the code can always be typed.

use leptos::prelude::*;

/// The scanner for the door-code field `input_id`; hidden until the page
/// has hydrated (an island) on a browser that can read QR codes from the
/// camera.
#[island]
pub fn DoorScanner(input_id: String) -> impl IntoView {
    let input_id = StoredValue::new(input_id);
    let supported = RwSignal::new(false);
    let scanning = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let video = NodeRef::<leptos::html::Video>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| supported.set(camera::available()));
    let start = move |_| {
        problem.set(None);
        scanning.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let Some(element) = video.get_untracked() else {
                scanning.set(false);
                return;
            };
            let id = input_id.get_value();
            if camera::scan(&element, &id, scanning).await.is_err() {
                problem.set(Some(
                    "La caméra n'a pas pu être ouverte : tapez le code, ou autorisez la caméra pour ce site.",
                ));
            }
            scanning.set(false);
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (video, input_id);
    };
    let stop = move |_| scanning.set(false);
    view! {
        <div class="door-scanner" hidden=move || !supported.get()>
            <button type="button" class="button button-secondary" on:click=start hidden=move || scanning.get()>"Scanner un QR code"</button>
            <button type="button" class="button button-secondary" on:click=stop hidden=move || !scanning.get()>"Arrêter le scanner"</button>
            <video node_ref=video class="scanner-video" muted=true playsinline=true hidden=move || !scanning.get()></video>
            <p class="field-error" role="status">{move || problem.get()}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod camera {
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use crate::model::door_code;

    /// Whether the browser reads QR codes (`BarcodeDetector`) and has a
    /// camera API.
    pub fn available() -> bool {
        web_sys::window().is_some_and(|w| {
            Reflect::has(&w, &JsValue::from_str("BarcodeDetector")).unwrap_or(false)
                && w.navigator().media_devices().is_ok()
        })
    }

    /// Reads QR codes from the back camera until one holds a door code (the
    /// form is then sent with it) or `scanning` turns false.
    pub async fn scan(
        video: &web_sys::HtmlVideoElement,
        input_id: &str,
        scanning: RwSignal<bool>,
    ) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let camera = Object::new();
        Reflect::set(&camera, &"facingMode".into(), &"environment".into())?;
        constraints.set_video(&camera);
        constraints.set_audio(&JsValue::FALSE);
        let devices = window.navigator().media_devices()?;
        let stream: web_sys::MediaStream =
            JsFuture::from(devices.get_user_media_with_constraints(&constraints)?)
                .await?
                .dyn_into()?;
        video.set_src_object(Some(&stream));
        let result = read_until_found(video, input_id, scanning).await;
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
        video.set_src_object(None);
        result
    }

    async fn read_until_found(
        video: &web_sys::HtmlVideoElement,
        input_id: &str,
        scanning: RwSignal<bool>,
    ) -> Result<(), JsValue> {
        let _ = JsFuture::from(video.play()?).await;
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let constructor: Function = Reflect::get(&window, &"BarcodeDetector".into())?.dyn_into()?;
        let options = Object::new();
        Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()))?;
        let detector = Reflect::construct(&constructor, &Array::of1(&options))?;
        let detect: Function = Reflect::get(&detector, &"detect".into())?.dyn_into()?;
        // Stops too when the page shown in place no longer holds it.
        while scanning.get_untracked() && video.is_connected() {
            let found: Array =
                JsFuture::from(detect.call1(&detector, video)?.dyn_into::<Promise>()?)
                    .await?
                    .dyn_into()?;
            let code = found.iter().find_map(|c| {
                let raw = Reflect::get(&c, &"rawValue".into()).ok()?.as_string()?;
                door_code::normalize(&raw)
            });
            if let Some(code) = code {
                submit(input_id, &door_code::display(&code))?;
                return Ok(());
            }
            sleep(&window, 250).await;
        }
        Ok(())
    }

    /// Puts the code in the field and sends its form (as a tap would).
    fn submit(input_id: &str, code: &str) -> Result<(), JsValue> {
        let input: web_sys::HtmlInputElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(input_id))
            .ok_or(JsValue::NULL)?
            .dyn_into()?;
        input.set_value(code);
        if let Some(form) = input.form() {
            form.request_submit()?;
        }
        Ok(())
    }

    async fn sleep(window: &web_sys::Window, ms: i32) {
        let promise = Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = JsFuture::from(promise).await;
    }
}
